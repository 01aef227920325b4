import { loadEnv } from '../config/env';
import { bindFlows, FailureRecorder, type FlowRuntime, loadFlowsForConnectors } from '../engine';
import { IntegrationError } from '../errors';
import { createConnectors } from '../main';
import { createLogger } from '../observability/logger';
import { type DlqRepository, openStateStores, type StateStore } from '../store';

/** What commands that talk to the systems need: state, DLQ, bound flows. */
export interface BridgeContext {
  store: StateStore;
  dlq: DlqRepository;
  flows: FlowRuntime[];
  failures: FailureRecorder;
  close(): Promise<void>;
}

/**
 * Opens the state and connects to the running systems named by `CRM_BASE_URL` and
 * `ERP_BASE_URL` (the CLI never starts mocks: it must see the systems the bridge syncs).
 *
 * @example
 * const ctx = await openBridgeContext(process.env);
 * try { await replayDlq(ctx, { ids }, 'remap'); } finally { await ctx.close(); }
 */
export async function openBridgeContext(source: Record<string, string | undefined>): Promise<BridgeContext> {
  const env = loadEnv(source);
  // A CSV folder (CRM_CONNECTOR=csv) needs no URL; a mock or real CRM does.
  const crmUrl = env.CRM_CONNECTOR === 'csv' ? '' : env.CRM_BASE_URL;
  if (crmUrl === undefined || !env.ERP_BASE_URL) {
    throw new IntegrationError('config_invalid', 'set CRM_BASE_URL and ERP_BASE_URL to the systems the bridge syncs');
  }
  const log = createLogger({ level: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL });
  const stores = await openStateStores({ databaseUrl: env.DATABASE_URL, databasePath: env.DATABASE_PATH });
  const { registry, close } = createConnectors(env, { crmUrl, erpUrl: env.ERP_BASE_URL }, log);
  try {
    const flows = bindFlows(loadFlowsForConnectors(env.MAPPINGS_DIR, registry, log.info), registry);
    const { dlq, store } = stores;
    return {
      store,
      dlq,
      flows,
      failures: new FailureRecorder({ dlq, log }),
      close: async () => {
        await close();
        await stores.close();
      },
    };
  } catch (error) {
    await stores.close();
    void close();
    throw error;
  }
}
