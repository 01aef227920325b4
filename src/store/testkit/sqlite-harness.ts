import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type StateDatabase } from '../database';
import type { StoreHarness } from './state-store-contract';

/**
 * A contract-suite harness over real SQLite files in a temp dir, one file per database name.
 *
 * @example
 * stateStoreContract('SQLite file', sqliteHarness((state) => new SqliteStateStore(state)));
 */
export function sqliteHarness<S>(make: (state: StateDatabase) => S): StoreHarness<S> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-contract-'));
  const open = new Map<string, StateDatabase>();
  const peers: StateDatabase[] = [];
  let last: StateDatabase | undefined;
  const database = (name: string) => {
    let state = open.get(name);
    if (!state) {
      state = openDatabase(join(dir, `${name}.db`));
      open.set(name, state);
    }
    return state;
  };
  return {
    async open(name) {
      last = database(name);
      return make(last);
    },
    async openPeer(name) {
      const peer = openDatabase(join(dir, `${name}.db`));
      peers.push(peer);
      return make(peer);
    },
    async count(name, table) {
      return (database(name).sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    },
    async closeLast() {
      for (const [name, state] of open) {
        if (state !== last) continue;
        state.close();
        open.delete(name);
      }
      last = undefined;
    },
    async dispose() {
      for (const state of [...open.values(), ...peers.splice(0)]) state.close();
      open.clear();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
