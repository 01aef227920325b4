import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { CrmEnv } from './crm-env';
import { HubSpotHttpError } from './hubspot-http-error';
import { isWriteRequest } from './is-write-request';
import { createPrng, type Prng } from './prng';

/** Fault configuration, settable at start or at run time through `POST /__admin/faults`. */
export const CrmFaults = z.strictObject({
  /** Delay added before every API call. */
  latencyMs: z.number().min(0).optional(),
  /** Probability per status of answering it instead of handling the call, e.g. `{ '503': 0.1 }`. */
  errorRates: z.record(z.string().regex(/^[45]\d\d$/), z.number().min(0).max(1)).optional(),
  /** Calls allowed per sliding second; the rest get 429 with `Retry-After`. */
  rateLimitPerSecond: z.number().positive().optional(),
  /** Probability that a write is applied and then the socket is destroyed without an answer. */
  dropAfterCommit: z.number().min(0).max(1).optional(),
  /** Scopes taken from every token, e.g. `['crm.objects.contacts.write']`: HubSpot's 403 MISSING_SCOPES. */
  revokedScopes: z.array(z.string()).optional(),
  /** Seed of the fault PRNG (default 1), so a run's faults repeat for the same call order. */
  seed: z.number().int().optional(),
});
export type CrmFaults = z.infer<typeof CrmFaults>;

const CATEGORY: Record<string, string> = { '500': 'INTERNAL_ERROR', '502': 'BAD_GATEWAY', '504': 'GATEWAY_TIMEOUT' };

/**
 * Injects latency, errors, rate limiting and commit-then-drop into API calls. Every call
 * draws the same number of values from a seeded PRNG whatever the configuration, so a
 * given sequence of calls meets the same faults on every run.
 *
 * @example
 * const faults = new FaultInjector({ errorRates: { '503': 0.2 }, seed: 7 });
 * app.use('/crm/*', faults.middleware());
 */
export class FaultInjector {
  private config: CrmFaults = {};
  private random: Prng = createPrng(1);
  private recent: number[] = [];

  constructor(
    config: CrmFaults = {},
    private readonly now: () => number = Date.now,
  ) {
    this.set(config);
  }

  /** The active configuration. */
  get current(): CrmFaults {
    return structuredClone(this.config);
  }

  /** Replaces the configuration and restarts the PRNG and the rate window. */
  set(config: CrmFaults): void {
    this.config = CrmFaults.parse(config);
    this.random = createPrng(this.config.seed ?? 1);
    this.recent = [];
  }

  /** Turns every fault off. */
  reset(): void {
    this.set({});
  }

  /** Hono middleware applying the faults to the routes it wraps. */
  middleware(): MiddlewareHandler<CrmEnv> {
    return async (c, next) => {
      const config = this.config;
      const errorRoll = this.random();
      const dropRoll = this.random();
      if (config.revokedScopes?.length) {
        // A permission fault goes through the routes' own scope checks, so the 403 is HubSpot's.
        const revoked = new Set(config.revokedScopes);
        c.set('scopes', new Set([...c.get('scopes')].filter((scope) => !revoked.has(scope))));
      }
      if (config.latencyMs) await new Promise((resolve) => setTimeout(resolve, config.latencyMs));
      if (config.rateLimitPerSecond) {
        const waitMs = this.admit(config.rateLimitPerSecond);
        if (waitMs > 0) throw HubSpotHttpError.rateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
      }
      const status = pickStatus(config.errorRates, errorRoll);
      if (status === 429) throw HubSpotHttpError.rateLimited(1);
      if (status !== undefined) {
        throw new HubSpotHttpError(status, CATEGORY[status] ?? 'SERVICE_UNAVAILABLE', `Injected fault: HTTP ${status}`);
      }
      await next();
      const drop = config.dropAfterCommit !== undefined && dropRoll < config.dropAfterCommit;
      if (drop && isWriteRequest(c.req.method, c.req.path)) {
        // The write is applied; the client only sees the connection die (an ambiguous write).
        c.env?.incoming?.socket.destroy();
      }
    };
  }

  /** Sliding one-second window; returns how long until a slot frees up (0 = admitted). */
  private admit(perSecond: number): number {
    const now = this.now();
    while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
    if (this.recent.length >= perSecond) return this.recent[0]! + 1000 - now;
    this.recent.push(now);
    return 0;
  }
}

function pickStatus(rates: Record<string, number> | undefined, roll: number): number | undefined {
  if (!rates) return undefined;
  let cumulative = 0;
  for (const status of Object.keys(rates).sort()) {
    cumulative += rates[status]!;
    if (roll < cumulative) return Number(status);
  }
  return undefined;
}
