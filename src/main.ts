import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { csvConnector } from '../connectors/csv';
import { mockCrmConnector } from '../connectors/mock-crm';
import { startCrmServer } from '../connectors/mock-crm/server/start-crm-server';
import { mockErpConnector } from '../connectors/mock-erp';
import { startErpServer } from '../connectors/mock-erp/server/start-erp-server';
import { trytonConnector } from '../connectors/tryton';
import { bridgeAdminDeps } from './api/bridge-admin-deps';
import { startAdminServer } from './api/start-admin-server';
import type { BridgeParts } from './bridge/bridge-parts';
import { exitOnSignal } from './bridge/exit-on-signal';
import { readyMessage } from './bridge/ready-message';
import type { RunningBridge } from './bridge/running-bridge';
import { StopStack } from './bridge/stop-stack';
import { type Env, loadEnv } from './config/env';
import { ConnectorRegistry, type RateLimiter } from './connectors';
import { createRateLimiters } from './connectors/rate-limit/create-rate-limiters';
import { runDemoWalk } from './demo/run-demo-walk';
import { SyncEngine } from './engine';
import { startEchoPruning } from './engine/echo-pruner';
import { loadFlows } from './engine/load-flows';
import { logPollRun } from './engine/log-poll-run';
import { runInitialSync } from './engine/run-initial-sync';
import { registerBridgeWebhooks } from './engine/webhooks/register-bridge-webhooks';
import { createLogger, type Logger } from './observability/logger';
import { createJobQueue } from './queue';
import { type SchedulerLease, startSchedulerLease } from './queue/bullmq/scheduler-lease';
import { openStateStores } from './store';

// Kept for the branches in flight that import these types from here; new code imports them from src/bridge.
export type { BridgeParts, RunningBridge };

/** Reported by the admin API (`/health`, OpenAPI `info.version`). */
const version = '0.1.0';

/**
 * Registers and instantiates the configured connectors. Building an instance makes no call,
 * so `bridge mappings validate` can check files against the entity schemas offline.
 *
 * @example
 * const registry = buildRegistry(env, { crmUrl: 'http://127.0.0.1:4010', erpUrl: 'http://127.0.0.1:4020' });
 */
export function buildRegistry(
  env: Env,
  urls: { crmUrl: string; erpUrl: string },
  log: Logger = createLogger({ level: env.LOG_LEVEL }),
  limiters: { crm?: RateLimiter | undefined; erp?: RateLimiter | undefined } = {},
): ConnectorRegistry {
  const registry = new ConnectorRegistry()
    .register(mockCrmConnector)
    .register(mockErpConnector)
    .register(trytonConnector)
    .register(csvConnector);
  const context = (rateLimiter: RateLimiter | undefined) => ({
    log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) =>
      log[level](message, data),
    ...(rateLimiter ? { rateLimiter } : {}),
  });
  const crmConfig = env.CRM_CONNECTOR === 'csv' ? { dir: env.CSV_DIR } : { baseUrl: urls.crmUrl, token: env.CRM_TOKEN };
  registry.instantiate('crm', 'crm', env.CRM_CONNECTOR, crmConfig, context(limiters.crm));
  // Tryton's config schema reports a missing TRYTON_URL/DB/PASSWORD, all at once.
  const erpConfig =
    env.ERP_CONNECTOR === 'tryton'
      ? {
          url: urls.erpUrl || undefined,
          database: env.TRYTON_DB,
          username: env.TRYTON_USER,
          password: env.TRYTON_PASSWORD,
        }
      : { baseUrl: urls.erpUrl, token: env.ERP_TOKEN };
  registry.instantiate('erp', 'erp', env.ERP_CONNECTOR, erpConfig, context(limiters.erp));
  return registry;
}

/**
 * {@link buildRegistry} with each instance's request budget (`*_RATE_LIMIT_RPS`, decision record
 * 008): a token bucket in this process, or one in Redis shared by every worker when `REDIS_URL`
 * is set. What running bridges, worker processes and the CLI's replay/reconcile use.
 *
 * @example
 * const { registry, close } = createConnectors(env, { crmUrl, erpUrl }, log);
 */
export function createConnectors(
  env: Env,
  urls: { crmUrl: string; erpUrl: string },
  log: Logger,
): { registry: ConnectorRegistry; close: () => Promise<void> } {
  const limiters = createRateLimiters(
    { crm: env.CRM_RATE_LIMIT_RPS, erp: env.ERP_RATE_LIMIT_RPS },
    env.REDIS_URL,
    (error) => log.debug('rate limiter redis', { error: String(error) }),
  );
  const registry = buildRegistry(env, urls, log, limiters);
  return {
    registry,
    close: async () => {
      await registry.closeAll();
      limiters.close();
    },
  };
}

/**
 * Starts the mocks when no real systems are configured, opens the state, registers the
 * connectors, loads and binds the mappings and records their versions, but starts no queue,
 * sync or API. `mockPort: 0` puts the mocks on free ports (the CLI, beside a running bridge).
 *
 * @example
 * const parts = await openBridgeParts(loadEnv(process.env), log, { mockPort: 0 });
 * try { await previewFlow({ flow: parts.flows[0], store: parts.store, ids: ['101'] }); } finally { await parts.stop(); }
 */
export async function openBridgeParts(
  env: Env,
  log: Logger = createLogger({ level: env.LOG_LEVEL }),
  options: { mockPort?: number } = {},
): Promise<BridgeParts> {
  const stops = new StopStack();
  try {
    const dataDir = env.DATABASE_PATH === ':memory:' ? './data' : join(env.DATABASE_PATH, '..');
    let crmUrl = env.CRM_BASE_URL ?? '';
    if (!crmUrl && env.CRM_CONNECTOR === 'mock-crm') {
      const crm = await startCrmServer({
        port: options.mockPort ?? env.MOCK_CRM_PORT,
        dataFile: join(dataDir, 'mock-crm.json'),
        seed: { companies: env.SEED_COMPANIES, contacts: env.SEED_CONTACTS },
        tokens: { [env.CRM_TOKEN]: 'all' },
        webhooks: env.CRM_WEBHOOK_SECRET ? { secret: env.CRM_WEBHOOK_SECRET } : {},
      });
      stops.push(() => crm.close());
      crmUrl = crm.url;
      log.info('mock CRM listening', { url: crm.url });
    }
    const tryton = env.ERP_CONNECTOR === 'tryton';
    let erpUrl = (tryton ? env.TRYTON_URL : env.ERP_BASE_URL) ?? '';
    if (!erpUrl && !tryton) {
      const erp = await startErpServer({
        port: options.mockPort ?? env.MOCK_ERP_PORT,
        dataFile: join(dataDir, 'mock-erp.json'),
        tokens: { [env.ERP_TOKEN]: 'all' },
        minMarginPercent: env.ERP_MIN_MARGIN_PERCENT,
        ...(env.ERP_FULFIL_EVERY_MS ? { fulfilEveryMs: env.ERP_FULFIL_EVERY_MS } : {}),
      });
      stops.push(() => erp.close());
      erpUrl = erp.url;
      log.info('mock ERP listening', { url: erp.url });
    }

    const stores = await openStateStores({ databaseUrl: env.DATABASE_URL, databasePath: env.DATABASE_PATH });
    stops.push(() => stores.close());
    const { sqlite: state, store, dlq, dialect } = stores;

    const { registry, close: closeConnectors } = createConnectors(env, { crmUrl, erpUrl }, log);
    stops.push(closeConnectors);

    const { mappings, flows, allFlows, flowSwitch } = await loadFlows(env.MAPPINGS_DIR, registry, stores, log);
    return {
      state,
      dialect,
      store,
      dlq,
      registry,
      mappings,
      flows,
      allFlows,
      flowSwitch,
      crmUrl,
      erpUrl,
      stop: stops.stop,
    };
  } catch (error) {
    await stops.stop();
    throw error;
  }
}

/**
 * The composition root: reads configuration, starts the mocks when no real systems are
 * configured, opens the state, loads mappings, runs the initial sync, then polls and serves
 * the admin API. The only place that names concrete connectors.
 *
 * @example
 * const bridge = await startBridge(loadEnv(process.env));
 */
export async function startBridge(
  env: Env,
  log: Logger = createLogger({ level: env.LOG_LEVEL }),
): Promise<RunningBridge> {
  const stops = new StopStack();
  try {
    const parts = await openBridgeParts(env, log);
    stops.push(parts.stop);
    const { state, store, dlq, registry, allFlows, flowSwitch, crmUrl, erpUrl } = parts;
    const queue = createJobQueue({ state, name: 'bridge', ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}) });
    const engine = new SyncEngine({
      store,
      dlq,
      queue,
      flows: allFlows,
      flowSwitch,
      log,
      pageSize: env.PAGE_SIZE,
      concurrency: env.CONCURRENCY,
    });
    // An api process only enqueues: the workers sharing its Redis run the jobs.
    if (env.BRIDGE_ROLE !== 'api') await engine.start();
    stops.push(() => engine.stop());
    log.info('queue', {
      adapter: env.REDIS_URL ? 'bullmq' : 'embedded',
      state: parts.dialect,
      role: env.BRIDGE_ROLE,
      flows: engine.flowNames().join(', '),
    });

    // With Redis, of all the processes sharing it only the lease holder starts runs.
    let onLeadership: ((leading: boolean) => void) | undefined;
    let lease: SchedulerLease | undefined;
    if (env.BRIDGE_ROLE !== 'api' && env.REDIS_URL) {
      lease = await startSchedulerLease(env.REDIS_URL, env.SCHEDULER_LEASE_MS, log, (leading) =>
        onLeadership?.(leading),
      );
      stops.push(lease.stop);
    }
    const isScheduler = () => env.BRIDGE_ROLE !== 'api' && (lease ? lease.isLeader() : true);
    stops.push(startEchoPruning(store.ownership, { isScheduler, log }));

    let initialDone = false;
    const bridge: RunningBridge = {
      env,
      engine,
      store,
      dlq,
      registry,
      initialRuns: [],
      crmUrl,
      erpUrl,
      isScheduler,
      schedule: (onRun) => {
        if (env.BRIDGE_ROLE === 'api') return;
        onLeadership = (leading) => (leading ? engine.startPolling(onRun) : engine.stopPolling());
        onLeadership(isScheduler());
      },
      stop: stops.stop,
    };
    if (!env.SYNC_ONCE && env.BRIDGE_ROLE !== 'worker') {
      const admin = await startAdminServer(
        bridgeAdminDeps({ env, engine, registry, store, dlq, allFlows, flowSwitch, ready: () => initialDone, version }),
        env,
        (text) => process.stdout.write(text),
      );
      bridge.adminUrl = admin.url;
      stops.push(admin.close);
      await registerBridgeWebhooks(allFlows, env, log);
    }

    if (isScheduler()) bridge.initialRuns = await runInitialSync(engine, (text) => process.stdout.write(text));
    initialDone = true;
    return bridge;
  } catch (error) {
    await stops.stop();
    throw error;
  }
}

/**
 * Starts a long-running bridge (`npm start`, `bridge worker`): the bridge of {@link startBridge},
 * polling while it holds the scheduler lease, stopped cleanly by SIGINT/SIGTERM. `exited`
 * resolves with the exit code once a signal stopped it.
 *
 * @example
 * const { exited } = await runBridgeProcess(loadEnv({ ...process.env, BRIDGE_ROLE: 'worker' }), log);
 * process.exit(await exited);
 */
export async function runBridgeProcess(
  env: Env,
  log: Logger,
): Promise<{ bridge: RunningBridge; exited: Promise<number> }> {
  const bridge = await startBridge(env, log);
  if (env.SYNC_ONCE) {
    await bridge.stop();
    return { bridge, exited: Promise.resolve(0) };
  }
  await runDemoWalk(bridge, log);
  bridge.schedule(logPollRun(log));
  log.info(readyMessage(bridge));
  return { bridge, exited: exitOnSignal(bridge.stop, log) };
}

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const log = createLogger({ level: env.LOG_LEVEL, json: env.LOG_FORMAT === 'json' });
  const { exited } = await runBridgeProcess(env, log);
  process.exit(await exited);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
