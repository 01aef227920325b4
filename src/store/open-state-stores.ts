import { openDatabase, type StateDatabase } from './database';
import type { DlqRepository } from './dlq-types';
import type { FlowSettingsRepository } from './flow-settings-types';
import type { MappingVersionStore } from './mapping-version-types';
import type { MatchStore } from './match-types';
import { openPostgresDatabase } from './postgres/open-postgres-database';
import { PostgresDlqRepository } from './postgres/postgres-dlq-repository';
import { PostgresFlowSettings } from './postgres/postgres-flow-settings';
import { PostgresMappingVersionStore } from './postgres/postgres-mapping-version-store';
import { PostgresStateStore } from './postgres/postgres-state-store';
import { SqliteDlqRepository } from './sqlite-dlq-repository';
import { SqliteFlowSettings } from './sqlite-flow-settings';
import { SqliteMappingVersionStore } from './sqlite-mapping-version-store';
import { SqliteStateStore } from './sqlite-state-store';
import type { StateStore } from './state-types';

/** The state repositories of one dialect, opened and migrated. */
export interface StateStores {
  dialect: 'sqlite' | 'postgres';
  /** The SQLite database (the embedded queue lives there); absent on PostgreSQL. */
  sqlite: StateDatabase | undefined;
  store: StateStore;
  /** The dedupe match index and review queue (`store.matching`), on both dialects. */
  matching: MatchStore;
  dlq: DlqRepository;
  mappingVersions: MappingVersionStore;
  /** Runtime flow switches (admin overrides of `enabled:`). */
  flowSettings: FlowSettingsRepository;
  close(): Promise<void>;
}

/**
 * Opens the state on PostgreSQL when `databaseUrl` is set (several processes share it), else
 * on the SQLite file `databasePath` (one host, zero setup). Either applies pending migrations.
 *
 * @example
 * const stores = await openStateStores({ databaseUrl: env.DATABASE_URL, databasePath: env.DATABASE_PATH });
 */
export async function openStateStores(options: {
  databaseUrl?: string | undefined;
  databasePath: string;
}): Promise<StateStores> {
  if (options.databaseUrl) {
    const state = await openPostgresDatabase(options.databaseUrl);
    const store = new PostgresStateStore(state);
    return {
      dialect: 'postgres',
      sqlite: undefined,
      store,
      matching: store.matching,
      dlq: new PostgresDlqRepository(state),
      mappingVersions: new PostgresMappingVersionStore(state),
      flowSettings: new PostgresFlowSettings(state),
      close: () => state.close(),
    };
  }
  const state = openDatabase(options.databasePath);
  const store = new SqliteStateStore(state);
  return {
    dialect: 'sqlite',
    sqlite: state,
    store,
    matching: store.matching,
    dlq: new SqliteDlqRepository(state),
    mappingVersions: new SqliteMappingVersionStore(state),
    flowSettings: new SqliteFlowSettings(state),
    close: async () => state.close(),
  };
}
