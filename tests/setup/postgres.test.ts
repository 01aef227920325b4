import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../src/store/testkit/create-test-database';

describe('PostgreSQL test setup', () => {
  it('gives each test file a database of its own, reachable with a password over TCP', async () => {
    const a = await createTestDatabase(inject('postgresUrl'));
    const b = await createTestDatabase(inject('postgresUrl'));
    try {
      expect(a.url).not.toBe(b.url);
      const client = new pg.Client({ connectionString: a.url });
      await client.connect();
      await client.query('CREATE TABLE t (x int)');
      const { rows } = await client.query<{ db: string; user: string }>(
        'SELECT current_database() AS db, current_user AS user',
      );
      await client.end();
      expect(rows[0]).toEqual({ db: new URL(a.url).pathname.slice(1), user: 'bridge' });
      const other = new pg.Client({ connectionString: b.url });
      await other.connect();
      const tables = await other.query(`SELECT 1 FROM pg_tables WHERE tablename = 't'`);
      await other.end();
      expect(tables.rowCount).toBe(0);
    } finally {
      await a.drop();
      await b.drop();
    }
    const check = new pg.Client({ connectionString: inject('postgresUrl') });
    await check.connect();
    const left = await check.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [new URL(a.url).pathname.slice(1)]);
    await check.end();
    expect(left.rowCount).toBe(0);
  });
});
