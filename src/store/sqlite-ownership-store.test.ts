import { SqliteOwnershipStore } from './sqlite-ownership-store';
import { ownershipStoreContract } from './testkit/ownership-store-contract';
import { sqliteHarness } from './testkit/sqlite-harness';

ownershipStoreContract(
  'real SQLite files',
  sqliteHarness((state) => new SqliteOwnershipStore(state.sqlite)),
);
