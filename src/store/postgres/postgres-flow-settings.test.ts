import { inject } from 'vitest';
import { flowSettingsContract } from '../testkit/flow-settings-contract';
import { postgresHarness } from '../testkit/postgres-harness';
import { PostgresFlowSettings } from './postgres-flow-settings';

flowSettingsContract(
  'real PostgreSQL',
  postgresHarness(inject('postgresUrl'), (state) => new PostgresFlowSettings(state)),
);
