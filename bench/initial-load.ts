import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '../src/config/env';
import { bindFlows, entityCatalog, SyncEngine } from '../src/engine';
import { createConnectors } from '../src/main';
import { loadMappings } from '../src/mapping';
import { createLogger } from '../src/observability/logger';
import { createJobQueue } from '../src/queue';
import { openDatabase, SqliteDlqRepository, SqliteStateStore } from '../src/store';
import { type BenchProcess, startBenchProcess } from './bench-processes';

/** One measured figure. */
export interface BenchResult {
  name: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  /** CPU seconds of the benchmark process (the bridge itself when embedded; the producer with BullMQ). */
  cpuSeconds?: number;
  /** CPU seconds of the other processes during the measured run, by process. */
  processCpuSeconds?: Record<string, number>;
  notes: string;
}

/** Where the mocks of a load run listen (separate processes, see {@link startMocks}). */
export interface BenchMocks {
  crmUrl: string;
  erpUrl: string;
  /** CPU seconds each mock process used so far. */
  cpuSeconds(): { crm: number; erp: number };
  stop(): Promise<void>;
}

const FLOW = 'companies-to-customers';

/**
 * Starts the mock CRM (seeded with `companies` companies, no contacts) and an empty mock ERP,
 * each as its own process on a free port. Seeding is not part of any figure.
 *
 * @example
 * const mocks = await startMocks(100_000);
 */
export async function startMocks(companies: number): Promise<BenchMocks> {
  const started: BenchProcess[] = [];
  try {
    started.push(
      await startBenchProcess(
        'connectors/mock-crm/server/main.ts',
        { MOCK_CRM_PORT: '0', MOCK_CRM_COMPANIES: String(companies), MOCK_CRM_CONTACTS: '0' },
        /listening on (\S+)/,
      ),
    );
    started.push(
      await startBenchProcess('connectors/mock-erp/server/main.ts', { MOCK_ERP_PORT: '0' }, /listening on (\S+)\/api/),
    );
  } catch (error) {
    for (const p of started) await p.stop();
    throw error;
  }
  const [crm, erp] = started as [BenchProcess, BenchProcess];
  return {
    crmUrl: crm.url,
    erpUrl: erp.url,
    cpuSeconds: () => ({ crm: crm.cpuSeconds(), erp: erp.cpuSeconds() }),
    stop: async () => {
      await crm.stop();
      await erp.stop();
    },
  };
}

/**
 * Initial load of every seeded CRM company into the empty ERP with the shipped mapping (match
 * before create included), through both mocks' HTTP APIs running as separate processes. Queue:
 * the embedded default in this process (`workers: 0`), or BullMQ on `redisUrl` with `workers`
 * separate worker processes and this process only starting the run. The figure is the run's own
 * duration (first read to last commit); mocks are started fresh by the caller for each load.
 *
 * @example
 * const result = await benchInitialLoad({ companies: 100_000, mocks, workers: 0 });
 */
export async function benchInitialLoad(options: {
  companies: number;
  mocks: BenchMocks;
  workers: number;
  redisUrl?: string;
}): Promise<BenchResult> {
  const { companies, mocks, workers } = options;
  if (workers > 0 && !options.redisUrl) throw new Error('worker processes need a Redis URL');
  const dir = mkdtempSync(join(tmpdir(), 'bridge-bench-'));
  const stops: (() => Promise<unknown> | unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    // Pollers off: the one run measured is the only work.
    const mappings = join(dir, 'mappings');
    cpSync('mappings', mappings, { recursive: true });
    for (const file of readdirSync(mappings).filter((f) => f.endsWith('.yaml'))) {
      const path = join(mappings, file);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/poll: \S+/, 'poll: 1h'));
    }
    const queueName = `bench-${Date.now()}`;
    const base: Record<string, string> = {
      DATABASE_PATH: join(dir, 'bridge.db'),
      CRM_BASE_URL: mocks.crmUrl,
      ERP_BASE_URL: mocks.erpUrl,
      MAPPINGS_DIR: mappings,
      LOG_LEVEL: 'warn',
      ...(process.env.PAGE_SIZE ? { PAGE_SIZE: process.env.PAGE_SIZE } : {}),
      ...(process.env.CONCURRENCY ? { CONCURRENCY: process.env.CONCURRENCY } : {}),
      ...(workers > 0 ? { REDIS_URL: options.redisUrl! } : {}),
    };
    const env = loadEnv(base);
    const log = createLogger({ level: 'warn' });
    const state = openDatabase(env.DATABASE_PATH);
    stops.push(() => state.close());
    const { registry, close } = createConnectors(env, { crmUrl: mocks.crmUrl, erpUrl: mocks.erpUrl }, log);
    stops.push(close);
    const flows = bindFlows(loadMappings(mappings, entityCatalog(registry)), registry);
    const store = new SqliteStateStore(state);
    const queue = createJobQueue({ state, name: queueName, log, ...(workers ? { redisUrl: env.REDIS_URL } : {}) });
    stops.push(() => queue.close());
    const engine = new SyncEngine({
      store,
      dlq: new SqliteDlqRepository(state),
      queue,
      flows,
      log,
      pageSize: env.PAGE_SIZE,
      concurrency: env.CONCURRENCY,
    });
    // The worker of the crash tests: consumes the queue, starts no run (this process does).
    const workerProcesses: BenchProcess[] = [];
    for (let i = 0; i < workers; i++) {
      const worker = await startBenchProcess(
        'tests/reliability/chaos-worker.ts',
        { ...base, CHAOS_QUEUE: queueName, CHAOS_LEASE_MS: '30000' },
        /worker (ready)/,
      );
      stops.push(() => worker.stop());
      workerProcesses.push(worker);
    }
    if (!workers) await engine.start();
    const others = () => {
      const { crm, erp } = mocks.cpuSeconds();
      return { crm, erp, ...Object.fromEntries(workerProcesses.map((w, i) => [`worker${i + 1}`, w.cpuSeconds()])) };
    };
    const othersBefore: Record<string, number> = others();
    const cpu = process.cpuUsage();
    const started = await engine.startRun(FLOW, 'bench');
    const run = await engine.waitForRun(started.id, 30 * 60_000);
    const used = process.cpuUsage(cpu);
    const processCpuSeconds = Object.fromEntries(
      Object.entries(others()).map(([name, s]) => [name, Number((s - (othersBefore[name] ?? 0)).toFixed(1))]),
    );
    if (!run.finishedAt) throw new Error('the companies run did not finish');
    if (run.created + run.skipped !== companies)
      throw new Error(
        `expected ${companies} created or skipped, got ${run.created} + ${run.skipped} (failed ${run.failed})`,
      );
    const seconds = (run.finishedAt - run.startedAt) / 1000;
    return {
      name: workers ? `BullMQ, ${workers} worker process${workers > 1 ? 'es' : ''}` : 'embedded default',
      records: run.created,
      seconds,
      recordsPerSecond: Math.round(run.created / seconds),
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(1)),
      processCpuSeconds,
      notes: `page ${env.PAGE_SIZE}, concurrency ${env.CONCURRENCY}${workers ? ' per worker' : ''}, ${run.skipped} near-duplicates not created`,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}
