import { SqliteFlowSettings } from './sqlite-flow-settings';
import { flowSettingsContract } from './testkit/flow-settings-contract';
import { sqliteHarness } from './testkit/sqlite-harness';

flowSettingsContract(
  'real SQLite files',
  sqliteHarness((state) => new SqliteFlowSettings(state)),
);
