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
import { walkLeadToCash } from './demo/walk-lead-to-cash';
import {
  bindFlows,
  entityCatalog,
  type FlowRuntime,
  FlowSwitch,
  formatRunSummary,
  replayDlq,
  resolveConflict,
  SyncEngine,
} from './engine';
import { startEchoPruning } from './engine/echo-pruner';
import { registerFlowWebhooks } from './engine/webhooks/register-flow-webhooks';
import { type FlowMapping, loadMappings } from './mapping';
import { createLogger, type Logger } from './observability/logger';
import { createJobQueue } from './queue';
import { RedisLeaderLock } from './queue/bullmq/redis-leader-lock';
import {
  type DlqRepository,
  openStateStores,
  type Run,
  type StateDatabase,
  type StateStore,
  type StateStores,
} from './store';

/** A running bridge, as tests and the CLI see it. */
export interface RunningBridge {
  env: Env;
  engine: SyncEngine;
  store: StateStore;
  dlq: DlqRepository;
  registry: ConnectorRegistry;
  /** Runs of the initial full sync. */
  initialRuns: Run[];
  /** Admin API base URL, when it was started. */
  adminUrl?: string;
  crmUrl: string;
  erpUrl: string;
  /** True while this process schedules runs (always without Redis; the lease holder with it). */
  isScheduler(): boolean;
  /**
   * Polls the flows while this process holds the scheduler lease: now if it does, from the
   * moment it takes over otherwise, and no longer once it loses it.
   */
  schedule(onRun?: (run: Run) => void): void;
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
  /** The SQLite state database (the embedded queue lives there); absent with DATABASE_URL. */
  state: StateDatabase | undefined;
  /** Which database holds the state. */
  dialect: StateStores['dialect'];
  store: StateStore;
  dlq: DlqRepository;
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

    const mappings = loadMappings(env.MAPPINGS_DIR, entityCatalog(registry));
    await stores.mappingVersions.record(
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
      stores.flowSettings,
      Object.fromEntries(mappings.map((m) => [m.loaded.spec.flow, m.loaded.spec.enabled])),
    );
    return { state, dialect, store, dlq, registry, mappings, flows, allFlows, flowSwitch, crmUrl, erpUrl, stop };
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
      state: parts.dialect,
      role: env.BRIDGE_ROLE,
      flows: engine.flowNames().join(', '),
    });

    // Any number of worker processes share one Redis; one of them, the lease holder, starts runs
    // (the initial sync and the pollers) so that each run is started once and spread over all.
    let lock: RedisLeaderLock | undefined;
    let onLeadership: ((leading: boolean) => void) | undefined;
    if (env.BRIDGE_ROLE !== 'api' && env.REDIS_URL) {
      const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
      redis.on('error', (error) => log.debug('scheduler lock redis', { error: String(error) }));
      const held = new RedisLeaderLock(redis, {
        key: 'bridge:scheduler',
        ttlMs: env.SCHEDULER_LEASE_MS,
        onAcquired: () => {
          log.info('this process now schedules runs', { pid: process.pid });
          onLeadership?.(true);
        },
        onLost: (reason) => {
          // A normal shutdown hands the lease over; only a lost lease means someone else leads.
          if (reason === 'stopped') log.info('this process stopped scheduling runs', { pid: process.pid });
          else if (reason === 'error')
            log.warn('scheduler lease unreachable in Redis: not scheduling runs', { pid: process.pid });
          else log.warn('scheduler lease expired: another process may schedule runs now', { pid: process.pid });
          onLeadership?.(false);
        },
      });
      lock = held;
      await held.start();
      stops.push(async () => {
        await held.stop();
        redis.disconnect();
      });
    }
    const isScheduler = () => env.BRIDGE_ROLE !== 'api' && (lock ? lock.isLeader : true);
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
      stop,
    };
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
        webhooks: {
          secret: env.CRM_WEBHOOK_SECRET,
          publicUrl: env.BRIDGE_PUBLIC_URL,
          accept: (events) => engine.acceptWebhookEvents('crm', events),
        },
        resolveConflict: (id, decision) => resolveConflict({ flows: allFlows, store }, id, decision),
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
      if (env.BRIDGE_PUBLIC_URL && env.CRM_WEBHOOK_SECRET) {
        const target = `${env.BRIDGE_PUBLIC_URL.replace(/\/+$/, '')}/webhooks/crm`;
        await registerFlowWebhooks(
          allFlows.filter((f) => f.sourceSide === 'crm'),
          target,
          log,
        );
      }
    }

    if (isScheduler()) {
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
  await runDemo(bridge, log);
  bridge.schedule((run) => {
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
      : `worker: processing jobs${bridge.isScheduler() ? ' and polling' : ' (another process polls)'}; Ctrl-C to stop`,
  );
  const exited = new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { signal });
      bridge.stop().then(
        () => resolve(0),
        (error) => {
          log.error('stop failed', { error: String(error) });
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
  return { bridge, exited };
}

/**
 * The lead-to-cash walk of `npm start` (src/demo): only on the embedded mocks, by the process
 * that schedules, before polling starts so its runs are the only ones. A failed walk is logged,
 * not fatal: the bridge itself is fine.
 */
async function runDemo(bridge: RunningBridge, log: Logger): Promise<void> {
  const { env } = bridge;
  const embedded =
    env.CRM_CONNECTOR === 'mock-crm' && !env.CRM_BASE_URL && env.ERP_CONNECTOR === 'mock-erp' && !env.ERP_BASE_URL;
  if (!env.DEMO || !embedded || env.BRIDGE_ROLE !== 'all' || !bridge.isScheduler()) return;
  process.stdout.write('Lead to cash, one deal from quote to payment (DEMO=0 skips this)\n');
  try {
    await walkLeadToCash({
      crmUrl: bridge.crmUrl,
      crmToken: env.CRM_TOKEN,
      erpUrl: bridge.erpUrl,
      erpToken: env.ERP_TOKEN,
      runFlow: async (flow) => bridge.engine.waitForRun((await bridge.engine.startRun(flow, 'demo')).id),
      print: (line) => process.stdout.write(`  ${line}\n`),
    });
    process.stdout.write('\n');
  } catch (error) {
    log.warn('lead-to-cash demo failed', { error: error instanceof Error ? error.message : String(error) });
  }
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
