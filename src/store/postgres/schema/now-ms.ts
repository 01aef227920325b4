import { sql } from 'drizzle-orm';

/**
 * Column default: the current time in epoch milliseconds, as the SQLite tables store it.
 * clock_timestamp, not now(): now() is the transaction's start, and rows written late in a long
 * transaction would look older than they are.
 */
export const nowMs = sql`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`;
