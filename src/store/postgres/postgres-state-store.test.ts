import { inject } from 'vitest';
import { postgresHarness } from '../testkit/postgres-harness';
import { stateStoreContract } from '../testkit/state-store-contract';
import { PostgresStateStore } from './postgres-state-store';

stateStoreContract(
  'real PostgreSQL',
  postgresHarness(inject('postgresUrl'), (state) => new PostgresStateStore(state)),
);
