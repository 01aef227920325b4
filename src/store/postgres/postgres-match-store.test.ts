import { inject } from 'vitest';
import { matchStoreContract } from '../testkit/match-store-contract';
import { postgresHarness } from '../testkit/postgres-harness';
import { PostgresStateStore } from './postgres-state-store';

matchStoreContract(
  'real PostgreSQL',
  postgresHarness(inject('postgresUrl'), (state) => new PostgresStateStore(state)),
);
