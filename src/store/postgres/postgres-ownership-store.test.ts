import { inject } from 'vitest';
import { ownershipStoreContract } from '../testkit/ownership-store-contract';
import { postgresHarness } from '../testkit/postgres-harness';
import { PostgresOwnershipStore } from './postgres-ownership-store';

ownershipStoreContract(
  'real PostgreSQL',
  postgresHarness(inject('postgresUrl'), (state) => new PostgresOwnershipStore(state)),
);
