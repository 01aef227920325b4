import type pg from 'pg';

/**
 * Runs `work` in one transaction on a client of its own, committed when it resolves and rolled
 * back when it throws. Raw statements (multi-row `jsonb_to_recordset` upserts, advisory locks)
 * need the client; drizzle's `transaction` hides it.
 *
 * @example
 * await pgTransaction(state.pool, (client) => client.query('SELECT pg_advisory_xact_lock(1)'));
 */
export async function pgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
