import { SqliteStateStore } from './sqlite-state-store';
import { sqliteHarness } from './testkit/sqlite-harness';
import { stateStoreContract } from './testkit/state-store-contract';

stateStoreContract(
  'real SQLite files',
  sqliteHarness((state) => new SqliteStateStore(state)),
);
