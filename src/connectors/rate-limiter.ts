/**
 * A requests-per-second budget for one connector instance, shared by every worker that talks to
 * that system. Connectors' HTTP layers call `acquire()` before each request and `pause()` when
 * the system answers 429, so one 429 slows every caller of the connector, not only the job that
 * saw it. Optional in {@link ConnectorContext}: a connector without one sends freely.
 */
export interface RateLimiter {
  /** Resolves when one request may be sent. */
  acquire(): Promise<void>;
  /** Sends nothing for `ms` (a 429's `Retry-After`); pauses only extend, never shorten. */
  pause(ms: number): Promise<void>;
}
