import { z } from 'zod';
import { type ErpResponse, type Grants, odataError } from './erp-response';
import { SeededRandom } from './seeded-random';

/**
 * Fault injection settings. Every probability is rolled on a seeded PRNG, so a test with the
 * same seed and the same request sequence sees the same faults.
 */
export const FaultConfig = z
  .object({
    /** Delay before each HTTP request is handled (a `$batch` is delayed once). */
    latencyMs: z.number().min(0).max(60_000).optional(),
    /** Probability per status, e.g. `{ '503': 0.1 }`; rolled per request and per `$batch` sub-request. */
    errorRates: z
      .record(z.string().regex(/^[45]\d\d$/, 'status must be a 4xx or 5xx code'), z.number().min(0).max(1))
      .refine((rates) => Object.values(rates).reduce((sum, rate) => sum + rate, 0) <= 1, 'rates must sum to at most 1')
      .optional(),
    /** More HTTP requests than this in one clock second get 429 with `Retry-After`. */
    rateLimit: z
      .object({
        requestsPerSecond: z.number().int().positive(),
        /** Overrides the computed `Retry-After` (seconds to the next window). */
        retryAfterSeconds: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    /** Probability that a committed write (or a `$batch` with one) gets its socket destroyed instead of an answer. */
    dropAfterCommitRate: z.number().min(0).max(1).optional(),
    /** Entity sets refused with 403 for every token, as if the credentials lost that module. */
    forbiddenSets: z.array(z.string()).optional(),
    /** PRNG seed for the rolls. Default 1. */
    seed: z.number().int().optional(),
  })
  .strict();

/** See {@link FaultConfig}. */
export type FaultConfig = z.infer<typeof FaultConfig>;

const FAULT_CODES: Record<string, string> = {
  '429': 'Application_TooManyRequests',
  '500': 'Internal_ServerError',
  '502': 'BadGateway',
  '503': 'Internal_ServiceUnavailable',
  '504': 'GatewayTimeout',
};

/**
 * Decides, request by request, which fault (if any) to inject, and counts what it injected.
 * `configure()` replaces the settings at run time (the `/__admin/faults` endpoint).
 *
 * @example
 * const faults = new FaultInjector({ errorRates: { '503': 0.1 }, seed: 7 });
 * const status = faults.rollError(); // 503 about one time in ten, the same times on every run
 */
export class FaultInjector {
  /** Injected faults by kind: status code, `rate_limited`, `dropped`. */
  readonly counts: Record<string, number> = {};
  private settings: FaultConfig = {};
  private random = new SeededRandom(1);
  private window = -1;
  private inWindow = 0;

  constructor(
    config: FaultConfig = {},
    private readonly now: () => number = Date.now,
  ) {
    this.configure(config);
  }

  /** Current settings. */
  get config(): FaultConfig {
    return this.settings;
  }

  /** Replaces the settings and restarts the PRNG and the rate window. */
  configure(config: FaultConfig): void {
    this.settings = FaultConfig.parse(config);
    this.random = new SeededRandom(this.settings.seed ?? 1);
    this.window = -1;
    this.inWindow = 0;
  }

  /** Milliseconds to wait before handling a request. */
  latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  /** Counts one request against the rate limit; returns the 429 to send when over it. */
  rateLimit(): ErpResponse | undefined {
    const limit = this.settings.rateLimit;
    if (!limit) return undefined;
    const now = this.now();
    const window = Math.floor(now / 1000);
    if (window !== this.window) {
      this.window = window;
      this.inWindow = 0;
    }
    this.inWindow += 1;
    if (this.inWindow <= limit.requestsPerSecond) return undefined;
    const retryAfter = limit.retryAfterSeconds ?? Math.max(1, Math.ceil(((window + 1) * 1000 - now) / 1000));
    this.count('rate_limited');
    return odataError(
      429,
      'Application_TooManyRequests',
      `Rate limit exceeded: more than ${limit.requestsPerSecond} requests per second.`,
      [],
      { 'retry-after': String(retryAfter) },
    );
  }

  /** Rolls the error rates; returns the injected error response, if any. */
  rollError(): ErpResponse | undefined {
    const rates = this.settings.errorRates;
    if (!rates) return undefined;
    const roll = this.random.next();
    let threshold = 0;
    for (const [status, rate] of Object.entries(rates)) {
      threshold += rate;
      if (roll < threshold) {
        this.count(status);
        const headers: Record<string, string> = status === '429' || status === '503' ? { 'retry-after': '1' } : {};
        return odataError(
          Number(status),
          FAULT_CODES[status] ?? 'BadRequest',
          `Injected fault ${status}.`,
          [],
          headers,
        );
      }
    }
    return undefined;
  }

  /**
   * The grants a token has once `forbiddenSets` is applied: a permission fault imitates a
   * module removed from the credentials, so it goes through the mock's normal 403 path.
   */
  restrict(grants: Grants, allSets: readonly string[]): Grants {
    const forbidden = this.settings.forbiddenSets;
    if (!forbidden?.length) return grants;
    const granted = grants === '*' ? allSets : [...grants];
    return new Set(granted.filter((set) => !forbidden.includes(set)));
  }

  /** Rolls the commit-then-drop rate for a request that committed a write. */
  rollDrop(): boolean {
    const rate = this.settings.dropAfterCommitRate ?? 0;
    if (rate <= 0 || this.random.next() >= rate) return false;
    this.count('dropped');
    return true;
  }

  /** Clears {@link counts} (with the request stats). */
  resetCounts(): void {
    for (const kind of Object.keys(this.counts)) delete this.counts[kind];
  }

  private count(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }
}
