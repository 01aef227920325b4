import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { csvConnector } from '../connectors/csv';
import { mockCrmConnector } from '../connectors/mock-crm';
import { startCrmServer } from '../connectors/mock-crm/server/start-crm-server';
import { mockErpConnector } from '../connectors/mock-erp';
import { startErpServer } from '../connectors/mock-erp/server/start-erp-server';
import { trytonConnector } from '../connectors/tryton';
import { adminTokens, describeFlow } from './api/admin-wiring';
import { createAdminApp } from './api/create-admin-app';
import { type Env, loadEnv } from './config/env';
import { ConnectorRegistry, type RateLimiter, RedisTokenBucket, TokenBucket } from './connectors';
import {
  bindFlows,
  entityCatalog,
  type FlowRuntime,
  FlowSwitch,
  formatRunSummary,
  replayDlq,
  SyncEngine,
} from './engine';
import { type FlowMapping, loadMappings } from './mapping';
import { createLogger, type Logger } from './observability/logger';
import { createJobQueue } from './queue';
import type { Run } from './store';
import {
  openDatabase,
  recordMappingVersions,
  SqliteDlqRepository,
  SqliteFlowSettings,
  SqliteStateStore,
  type StateDatabase,
} from './store';

/** A running bridge, as tests and the CLI see it. */
export interface RunningBridge {
  env: Env;
  engine: SyncEngine;
  store: SqliteStateStore;
  dlq: SqliteDlqRepository;
  registry: ConnectorRegistry;
  /** Runs of the initial full sync. */
  initialRuns: Run[];
  /** Admin API base URL, when it was started. */
  adminUrl?: string;
  crmUrl: string;
  erpUrl: string;
  stop(): Promise<void>;
}

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
  const redis =
    env.REDIS_URL && (env.CRM_RATE_LIMIT_RPS || env.ERP_RATE_LIMIT_RPS) ? new Redis(env.REDIS_URL) : undefined;
  redis?.on('error', (error) => log.debug('rate limiter redis', { error: String(error) }));
  const limiter = (name: string, perSecond: number | undefined): RateLimiter | undefined => {
    if (!perSecond) return undefined;
    return redis
      ? new RedisTokenBucket(redis, `bridge:ratelimit:${name}`, { perSecond })
      : new TokenBucket({ perSecond });
  };
  const registry = buildRegistry(env, urls, log, {
    crm: limiter('crm', env.CRM_RATE_LIMIT_RPS),
    erp: limiter('erp', env.ERP_RATE_LIMIT_RPS),
  });
  return {
    registry,
    close: async () => {
      await registry.closeAll();
      redis?.disconnect();
    },
  };
}

/** Systems, state and flows wired up, with nothing running: what the CLI and tests build on. */
export interface BridgeParts {
  state: StateDatabase;
  store: SqliteStateStore;
  dlq: SqliteDlqRepository;
  registry: ConnectorRegistry;
  /** Every loaded mapping, enabled or not. */
  mappings: FlowMapping[];
  /** The flows their mapping files enable, bound to their connectors. */
  flows: FlowRuntime[];
  /** Every flow, including those the files disable: an admin's override may switch them on. */
  allFlows: FlowRuntime[];
  /** Runtime on/off per flow (stored overrides over the files' `enabled:`). */
  flowSwitch: FlowSwitch;
  crmUrl: string;
  erpUrl: string;
  stop(): Promise<void>;
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
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    const dataDir = env.DATABASE_PATH === ':memory:' ? './data' : join(env.DATABASE_PATH, '..');
    let crmUrl = env.CRM_BASE_URL ?? '';
    if (!crmUrl && env.CRM_CONNECTOR === 'mock-crm') {
      const crm = await startCrmServer({
        port: options.mockPort ?? env.MOCK_CRM_PORT,
        dataFile: join(dataDir, 'mock-crm.json'),
        seed: { companies: env.SEED_COMPANIES, contacts: env.SEED_CONTACTS },
        tokens: { [env.CRM_TOKEN]: 'all' },
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
      });
      stops.push(() => erp.close());
      erpUrl = erp.url;
      log.info('mock ERP listening', { url: erp.url });
    }

    const state = openDatabase(env.DATABASE_PATH);
    stops.push(() => state.close());
    const store = new SqliteStateStore(state);
    const dlq = new SqliteDlqRepository(state);

    const { registry, close: closeConnectors } = createConnectors(env, { crmUrl, erpUrl }, log);
    stops.push(closeConnectors);

    const mappings = loadMappings(env.MAPPINGS_DIR, entityCatalog(registry));
    recordMappingVersions(
      state,
      mappings.map(({ loaded }) => ({
        flow: loaded.spec.flow,
        version: loaded.version,
        content: loaded.normalised,
        file: loaded.file,
      })),
    );
    const flows = bindFlows(mappings, registry);
    const allFlows = bindFlows(mappings, registry, { includeDisabled: true });
    const flowSwitch = new FlowSwitch(
      new SqliteFlowSettings(state),
      Object.fromEntries(mappings.map((m) => [m.loaded.spec.flow, m.loaded.spec.enabled])),
    );
    return { state, store, dlq, registry, mappings, flows, allFlows, flowSwitch, crmUrl, erpUrl, stop };
  } catch (error) {
    await stop();
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
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
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
      role: env.BRIDGE_ROLE,
      flows: engine.flowNames().join(', '),
    });

    let initialDone = false;
    const bridge: RunningBridge = { env, engine, store, dlq, registry, initialRuns: [], crmUrl, erpUrl, stop };
    if (!env.SYNC_ONCE && env.BRIDGE_ROLE !== 'worker') {
      const { tokens, generated } = adminTokens(env);
      if (generated)
        process.stdout.write(
          `Admin API token (generated for this run; set ADMIN_TOKENS to choose one): ${generated}\n`,
        );
      const admin = createAdminApp({
        store,
        registry,
        flows: () => allFlows.map(describeFlow),
        flowSwitch,
        runtimes: () => allFlows,
        mappingsDir: env.MAPPINGS_DIR,
        startRun: (flow, trigger) => engine.startRun(flow, trigger),
        ready: () => initialDone,
        tokens,
        version: VERSION,
        dlq,
        replay: (selection, mode) =>
          replayDlq({ store, dlq, flows: allFlows, failures: engine.failures }, selection, mode),
        matching: store.matching,
        metrics: engine.failures.metrics,
      });
      const server = serve({ fetch: admin.fetch, port: env.PORT, hostname: env.HOST });
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : env.PORT;
      bridge.adminUrl = `http://${env.HOST}:${port}`;
      stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    }

    if (env.BRIDGE_ROLE !== 'api') {
      const started = Date.now();
      bridge.initialRuns = await engine.syncAll('initial');
      process.stdout.write(`\nInitial sync\n${formatRunSummary(bridge.initialRuns, Date.now() - started)}\n\n`);
    }
    initialDone = true;
    return bridge;
  } catch (error) {
    await stop();
    throw error;
  }
}

const VERSION = '0.1.0';

async function main(): Promise<void> {
  const env = loadEnv(process.env);
  const log = createLogger({ level: env.LOG_LEVEL, json: env.LOG_FORMAT === 'json' });
  const bridge = await startBridge(env, log);
  if (env.SYNC_ONCE) {
    await bridge.stop();
    return;
  }
  if (env.BRIDGE_ROLE !== 'api')
    bridge.engine.startPolling((run) => {
      if (run.created || run.updated || run.failed) {
        log.info('poll run', {
          flow: run.flow,
          status: run.status,
          created: run.created,
          updated: run.updated,
          failed: run.failed,
        });
      }
    });
  log.info(
    bridge.adminUrl
      ? `admin API on ${bridge.adminUrl} (GET /health, /openapi.json, /runs ...); ${env.BRIDGE_ROLE === 'api' ? 'jobs go to the workers' : 'polling'}; Ctrl-C to stop`
      : 'worker: processing jobs and polling; Ctrl-C to stop',
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    bridge.stop().then(
      () => process.exit(0),
      (error) => {
        log.error('stop failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
