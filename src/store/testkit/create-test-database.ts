import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of its own for one test file, on the suite's PostgreSQL server. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Drops the database (forcing out connections a failed test left open). */
  drop(): Promise<void>;
}

/**
 * Creates `t_<random>` on the server of `serverUrl` (the suite's `inject('postgresUrl')`), so
 * test files running in parallel never see each other's rows.
 *
 * @example
 * const db = await createTestDatabase(inject('postgresUrl'));
 * afterAll(() => db.drop());
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
  };
}

async function withAdmin(serverUrl: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
