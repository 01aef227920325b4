import { openPostgresDatabase, type PostgresDatabase } from '../postgres/open-postgres-database';
import { createTestDatabase, type TestDatabase } from './create-test-database';
import type { StoreHarness } from './state-store-contract';

/**
 * A contract-suite harness over a real PostgreSQL server (`inject('postgresUrl')`), one
 * database per name, migrated as the bridge migrates it at start-up.
 *
 * @example
 * stateStoreContract('PostgreSQL', postgresHarness(inject('postgresUrl'), (db) => new PostgresStateStore(db)));
 */
export function postgresHarness<S>(serverUrl: string, make: (state: PostgresDatabase) => S): StoreHarness<S> {
  const databases = new Map<string, TestDatabase>();
  const open = new Map<string, PostgresDatabase>();
  const peers: PostgresDatabase[] = [];
  let last: PostgresDatabase | undefined;
  const database = async (name: string) => {
    let db = databases.get(name);
    if (!db) {
      db = await createTestDatabase(serverUrl);
      databases.set(name, db);
    }
    let state = open.get(name);
    if (!state) {
      state = await openPostgresDatabase(db.url, { max: 4 });
      open.set(name, state);
    }
    return state;
  };
  return {
    async open(name) {
      last = await database(name);
      return make(last);
    },
    async openPeer(name) {
      await database(name);
      const peer = await openPostgresDatabase(databases.get(name)!.url, { max: 4 });
      peers.push(peer);
      return make(peer);
    },
    async count(name, table) {
      const { rows } = await (await database(name)).pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(rows[0]?.n);
    },
    async closeLast() {
      for (const [name, state] of open) {
        if (state !== last) continue;
        await state.close();
        open.delete(name);
      }
      last = undefined;
    },
    async dispose() {
      for (const state of [...open.values(), ...peers.splice(0)]) await state.close();
      open.clear();
      for (const db of databases.values()) await db.drop();
      databases.clear();
    },
  };
}
