import { z } from 'zod';

/** Configuration of one Tryton connection (JSON-RPC over HTTP). */
export const TrytonConfig = z.object({
  /** Server origin without the database, e.g. `http://127.0.0.1:8000`. */
  url: z.url({ protocol: /^https?$/ }),
  /** Database name; every call goes to `POST <url>/<database>/`. */
  database: z.string().min(1),
  /** Login of the integration user. */
  username: z.string().min(1),
  /** Password of the integration user; never logged or put in errors. */
  password: z.string().min(1),
  /** Per call. */
  timeoutMs: z.number().int().positive().default(30_000),
  /** Records per page and per write call. */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Retries of a read whose transport failed (writes are never repeated). */
  retries: z.number().int().min(0).max(10).default(2),
});
/** Validated configuration (defaults applied). */
export type TrytonConfig = z.infer<typeof TrytonConfig>;
/** Configuration as written by a caller (defaults optional). */
export type TrytonConfigInput = z.input<typeof TrytonConfig>;
