import { SqliteDlqRepository } from './sqlite-dlq-repository';
import { dlqRepositoryContract } from './testkit/dlq-repository-contract';
import { sqliteHarness } from './testkit/sqlite-harness';

dlqRepositoryContract(
  'real SQLite files',
  sqliteHarness((state) => new SqliteDlqRepository(state)),
);
