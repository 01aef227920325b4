import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations', 'postgres');
/** Arbitrary constant key of the advisory lock that serialises migrations of concurrent start-ups. */
const MIGRATION_LOCK = 4_801_337;

/** The PostgreSQL state database: drizzle for queries, the pool for raw batched statements. */
export interface PostgresDatabase {
  db: NodePgDatabase<typeof schema>;
  pool: pg.Pool;
  close(): Promise<void>;
}

/**
 * Connects to the PostgreSQL state database and applies pending migrations. Several processes
 * (api, workers) may start at once: an advisory lock lets one migrate while the others wait.
 *
 * @example
 * const state = await openPostgresDatabase('postgres://bridge:secret@db:5432/bridge');
 */
export async function openPostgresDatabase(url: string, options: { max?: number } = {}): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return { db: drizzle(pool, { schema }), pool, close: () => pool.end() };
}
