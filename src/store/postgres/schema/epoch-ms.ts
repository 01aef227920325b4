import { bigint } from 'drizzle-orm/pg-core';

/**
 * An epoch-milliseconds column, read back as a JS number like the SQLite `integer` twins
 * (bigint: int4 ends in 1970 + 25 days; these values stay far below 2^53).
 */
export const epochMs = (name: string) => bigint(name, { mode: 'number' });
