// A bridge worker process for the crash tests: consumes the queue (embedded on DATABASE_PATH,
// or BullMQ on REDIS_URL) against running mocks (CRM_BASE_URL, ERP_BASE_URL), starts no run,
// and writes its metrics to CHAOS_METRICS_FILE every 500 ms, so a `kill -9` loses at most that.
import { writeFileSync } from 'node:fs';
import { loadEnv } from '../../src/config/env';
import { bindFlows, entityCatalog, SyncEngine } from '../../src/engine';
import { createConnectors } from '../../src/main';
import { loadMappings } from '../../src/mapping';
import { createLogger } from '../../src/observability/logger';
import { metrics } from '../../src/observability/metrics';
import { createJobQueue } from '../../src/queue';
import { openDatabase, SqliteDlqRepository, SqliteStateStore } from '../../src/store';

const env = loadEnv(process.env);
const log = createLogger({ level: env.LOG_LEVEL });
const state = openDatabase(env.DATABASE_PATH);
const { registry, close } = createConnectors(
  env,
  { crmUrl: env.CRM_BASE_URL ?? '', erpUrl: env.ERP_BASE_URL ?? '' },
  log,
);
const flows = bindFlows(loadMappings(env.MAPPINGS_DIR, entityCatalog(registry)), registry);
const queue = createJobQueue({
  state,
  name: process.env.CHAOS_QUEUE ?? 'bridge',
  log,
  ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
  ...(process.env.CHAOS_PREFIX ? { bullmq: { prefix: process.env.CHAOS_PREFIX } } : {}),
});
const engine = new SyncEngine({
  store: new SqliteStateStore(state),
  dlq: new SqliteDlqRepository(state),
  queue,
  flows,
  log,
  pageSize: env.PAGE_SIZE,
  concurrency: env.CONCURRENCY,
  leaseMs: Number(process.env.CHAOS_LEASE_MS ?? 2_000),
});
const file = process.env.CHAOS_METRICS_FILE;
const flush = () => file && writeFileSync(file, JSON.stringify(metrics.samples()));
const timer = setInterval(flush, 500);
await engine.start();
process.stdout.write('worker ready\n');
process.on('SIGTERM', () => {
  clearInterval(timer);
  flush();
  engine
    .stop()
    .then(close)
    .finally(() => {
      state.close();
      process.exit(0);
    });
});
