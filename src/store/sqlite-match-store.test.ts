import { SqliteStateStore } from './sqlite-state-store';
import { matchStoreContract } from './testkit/match-store-contract';
import { sqliteHarness } from './testkit/sqlite-harness';

matchStoreContract(
  'real SQLite files',
  sqliteHarness((state) => new SqliteStateStore(state)),
);
