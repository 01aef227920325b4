import { inject } from 'vitest';
import { mappingVersionStoreContract } from '../testkit/mapping-version-store-contract';
import { postgresHarness } from '../testkit/postgres-harness';
import { PostgresMappingVersionStore } from './postgres-mapping-version-store';

mappingVersionStoreContract(
  'real PostgreSQL',
  postgresHarness(inject('postgresUrl'), (state) => new PostgresMappingVersionStore(state)),
);
