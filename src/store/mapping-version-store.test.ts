import { SqliteMappingVersionStore } from './sqlite-mapping-version-store';
import { mappingVersionStoreContract } from './testkit/mapping-version-store-contract';
import { sqliteHarness } from './testkit/sqlite-harness';

mappingVersionStoreContract(
  'real SQLite files',
  sqliteHarness((state) => new SqliteMappingVersionStore(state)),
);
