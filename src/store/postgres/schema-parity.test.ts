import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../database';
import { createTestDatabase } from '../testkit/create-test-database';
import { openPostgresDatabase } from './open-postgres-database';

/** Tables of the embedded queue: with PostgreSQL the queue is BullMQ, so they have no twin. */
const QUEUE_TABLES = new Set(['jobs', 'job_counters']);

/** Table -> sorted column names of the SQLite state database, as its migrations build it. */
function sqliteTables(): Map<string, string[]> {
  const state = openDatabase(':memory:');
  try {
    const names = state.sqlite
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
      )
      .all() as { name: string }[];
    return new Map(
      names.map(({ name }) => [
        name,
        (state.sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name).sort(),
      ]),
    );
  } finally {
    state.close();
  }
}

describe('PostgreSQL schema parity with SQLite', () => {
  const database = createTestDatabase(inject('postgresUrl'));
  afterAll(async () => (await database).drop());

  it('every SQLite state table (queue tables aside) has a PostgreSQL twin with the same columns', async () => {
    const db = await database;
    await (await openPostgresDatabase(db.url, { max: 1 })).close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    await client.end();
    const postgres = new Map<string, string[]>();
    for (const r of rows) postgres.set(r.table_name, [...(postgres.get(r.table_name) ?? []), r.column_name]);

    const sqlite = sqliteTables();
    expect(sqlite.size).toBeGreaterThan(QUEUE_TABLES.size);
    const missing: string[] = [];
    for (const [table, columns] of sqlite) {
      if (QUEUE_TABLES.has(table)) continue;
      const twin = postgres.get(table);
      if (!twin) {
        missing.push(`${table}: no PostgreSQL table (add it to src/store/postgres/schema and generate a migration)`);
        continue;
      }
      const sorted = [...twin].sort();
      if (sorted.join() !== columns.join()) {
        missing.push(`${table}: SQLite columns [${columns.join(', ')}] but PostgreSQL [${sorted.join(', ')}]`);
      }
    }
    for (const table of postgres.keys()) {
      if (!sqlite.has(table)) missing.push(`${table}: PostgreSQL table without a SQLite original`);
    }
    expect(missing).toEqual([]);
  });
});
