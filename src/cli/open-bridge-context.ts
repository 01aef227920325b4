import { loadEnv } from '../config/env';
import { bindFlows, entityCatalog, FailureRecorder, type FlowRuntime } from '../engine';
import { IntegrationError } from '../errors';
import { createConnectors } from '../main';
import { loadMappings } from '../mapping';
import { createLogger } from '../observability/logger';
import { openDatabase, SqliteDlqRepository, SqliteStateStore } from '../store';

/** What commands that talk to the systems need: state, DLQ, bound flows. */
export interface BridgeContext {
  store: SqliteStateStore;
  dlq: SqliteDlqRepository;
  flows: FlowRuntime[];
  failures: FailureRecorder;
  close(): Promise<void>;
}

/**
 * Opens the state and connects to the running systems named by `CRM_BASE_URL` and
 * `ERP_BASE_URL` (the CLI never starts mocks: it must see the systems the bridge syncs).
 *
 * @example
 * const ctx = openBridgeContext(process.env);
 * try { await replayDlq(ctx, { ids }, 'remap'); } finally { await ctx.close(); }
 */
export function openBridgeContext(source: Record<string, string | undefined>): BridgeContext {
  const env = loadEnv(source);
  // A CSV folder (CRM_CONNECTOR=csv) needs no URL; a mock or real CRM does.
  const crmUrl = env.CRM_CONNECTOR === 'csv' ? '' : env.CRM_BASE_URL;
  if (crmUrl === undefined || !env.ERP_BASE_URL) {
    throw new IntegrationError('config_invalid', 'set CRM_BASE_URL and ERP_BASE_URL to the systems the bridge syncs');
  }
  const log = createLogger({ level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL });
  const state = openDatabase(env.DATABASE_PATH);
  const { registry, close } = createConnectors(env, { crmUrl, erpUrl: env.ERP_BASE_URL }, log);
  try {
    const flows = bindFlows(loadMappings(env.MAPPINGS_DIR, entityCatalog(registry)), registry);
    const dlq = new SqliteDlqRepository(state);
    return {
      store: new SqliteStateStore(state),
      dlq,
      flows,
      failures: new FailureRecorder({ dlq, log }),
      close: async () => {
        await close();
        state.close();
      },
    };
  } catch (error) {
    state.close();
    void close();
    throw error;
  }
}
