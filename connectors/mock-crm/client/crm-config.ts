import { z } from 'zod';

/** Configuration of one mock CRM connector instance (also fits a real HubSpot portal). */
export const MockCrmConfig = z.object({
  /** e.g. `http://127.0.0.1:4010`, or `https://api.hubapi.com`. */
  baseUrl: z.url(),
  /** Private app / bearer token. */
  token: z.string().min(1),
  /** Per-call timeout. */
  timeoutMs: z.number().int().positive().default(10_000),
  /** Records per page and per batch call (HubSpot's maximum is 100). */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Transport retries for calls that are safe to repeat. */
  retries: z.number().int().min(0).max(10).default(3),
  /** First transport retry delay, doubled each retry. */
  retryDelayMs: z.number().int().min(0).default(200),
  /** HubSpot app whose webhooks the bridge registers (the mock serves app 1000001). */
  webhookAppId: z.number().int().positive().default(1_000_001),
});
/** Parsed configuration (defaults applied). */
export type MockCrmConfig = z.infer<typeof MockCrmConfig>;
/** Configuration as written by a caller (defaults optional). */
export type MockCrmConfigInput = z.input<typeof MockCrmConfig>;
