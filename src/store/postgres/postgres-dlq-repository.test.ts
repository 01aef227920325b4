import { inject } from 'vitest';
import { dlqRepositoryContract } from '../testkit/dlq-repository-contract';
import { postgresHarness } from '../testkit/postgres-harness';
import { PostgresDlqRepository } from './postgres-dlq-repository';

dlqRepositoryContract(
  'real PostgreSQL',
  postgresHarness(inject('postgresUrl'), (state) => new PostgresDlqRepository(state)),
);
