import { z } from 'zod';

/** Configuration of one mock-erp (Business Central API v2.0) connection. */
export const ErpConnectorConfig = z.object({
  /** Everything before `/api/v2.0`: `http://127.0.0.1:4020`, or BC's `https://api.businesscentral.dynamics.com/v2.0/{tenant}/{environment}`. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Bearer token; never logged or put in errors. */
  token: z.string().min(1),
  /** Company GUID; when absent, the first company of `GET /companies` (looked up once). */
  companyId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID')
    .optional(),
  /** Per HTTP call. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Operations per `$batch` (BC allows 100). */
  batchSize: z.number().int().min(1).max(100).default(100),
  /** `$batch` calls (and chunked reads) in flight at once. */
  parallelBatches: z.number().int().min(1).max(32).default(4),
  /** Retries of a transport failure that is safe to repeat. */
  retries: z.number().int().min(0).max(10).default(3),
  /** First retry delay; doubles each time, with jitter. */
  retryDelayMs: z.number().int().min(0).max(60_000).default(200),
});

/** Validated configuration (defaults applied). */
export type ErpConnectorConfig = z.infer<typeof ErpConnectorConfig>;
/** Configuration as written by a caller (defaults optional). */
export type ErpConnectorConfigInput = z.input<typeof ErpConnectorConfig>;
