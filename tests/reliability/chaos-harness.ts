import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCrmServer } from '../../connectors/mock-crm/server/start-crm-server';
import { startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { loadEnv } from '../../src/config/env';
import { bindFlows, entityCatalog, FailureRecorder, reconcileFlow, replayDlq, SyncEngine } from '../../src/engine';
import { createConnectors } from '../../src/main';
import { loadMappings } from '../../src/mapping';
import { createLogger } from '../../src/observability/logger';
import type { CounterSample } from '../../src/observability/metrics';
import { OWNERSHIP_FILE } from '../../src/ownership/ownership-table';
import { createJobQueue } from '../../src/queue';
import { openDatabase, SqliteDlqRepository, SqliteStateStore } from '../../src/store';
import { type RedisServer, startRedisServer } from '../setup/redis';
import { accountMappingsDir } from '../support/account-mappings';

/** One chaos run's shape. */
export interface ChaosOptions {
  adapter: 'embedded' | 'bullmq';
  companies: number;
  contacts: number;
  pageSize: number;
  concurrency: number;
  /** `kill -9` the worker once this share of the companies run's pages is done (0 = never). */
  killAt: number;
  /** BullMQ only: restart Redis (with its append-only file) once this share is done (0 = never). */
  restartRedisAt: number;
  /** Requests per second of each connector's shared budget. */
  rps: number;
  /** Fault mix (see faultsFor); default `issue`. */
  faults?: 'issue' | 'quick';
  /** Retry policy written into the flows for the run. */
  retry?: { attempts: number; baseMs: number; maxMs: number };
  /** Show the workers' log lines (error level). */
  workerStderr?: boolean;
  /** Progress lines. */
  progress?: (line: string) => void;
}

interface Differences {
  /** Missing and not parked for dedupe review. */
  missing: number;
  lost: number;
  duplicate: number;
  mismatch: number;
  /** Known, not differences: dedupe parked them for review, or merged them into another record. */
  inReview: number;
  merged: number;
}

/** What a chaos run measured. */
export interface ChaosReport {
  adapter: string;
  records: number;
  seconds: number;
  /** Write operations the ERP received (each try of each record, lookups excluded). */
  erpWrites: number;
  httpRequests: { crm: number; erp: number };
  /** Faults the ERP injected, by kind (the CRM mock does not count its own). */
  injectedErp: Record<string, number>;
  /** Record-level retries the workers reported (a killed worker's last 500 ms may be missing). */
  retries: number;
  dlqByCode: Record<string, number>;
  beforeReplay: Differences;
  replay: { replayed: number; failed: number };
  afterReplay: Differences & { dlqOpen: number };
  killed: number;
  redisRestarts: number;
}

/**
 * `issue`: the mix of issue 6 (20 % transient incl. 429 bursts with Retry-After, 1 % permanent
 * 400s, 2 % commit-then-drop, 403 on contacts, and a server-side rate limit). `quick`: the same
 * kinds with fewer 429s (each pauses the whole connector for a second) and more drops, so the
 * in-suite run stays short yet always meets every fault.
 */
function faultsFor(profile: 'issue' | 'quick', rps: number) {
  const quick = profile === 'quick';
  return {
    crm: { errorRates: { '500': 0.05, '502': 0.05, '503': 0.05, '504': 0.05 }, seed: 11 },
    erp: {
      errorRates: quick
        ? { '500': 0.06, '502': 0.05, '503': 0.06, '504': 0.025, '429': 0.005, '400': 0.01 }
        : { '500': 0.05, '502': 0.04, '503': 0.05, '504': 0.02, '429': 0.04, '400': 0.01 },
      dropAfterCommitRate: quick ? 0.1 : 0.02,
      forbiddenSets: ['contacts'],
      ...(quick ? {} : { rateLimit: { requestsPerSecond: Math.max(5, Math.floor(rps * 0.8)) } }),
      seed: 13,
    },
  };
}

/**
 * Runs both flows against faulty mocks in worker processes, kills one worker with SIGKILL mid-run
 * (and restarts Redis on the BullMQ path), then checks with reconciliation that nothing is lost
 * or duplicated, replays the DLQ with the faults off, and reconciles again.
 *
 * @example
 * const report = await runChaos({ adapter: 'embedded', companies: 300, contacts: 600, ... });
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const say = options.progress ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), `bridge-chaos-${options.adapter}-`));
  const stops: (() => Promise<unknown> | unknown)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const workers: ChildProcess[] = [];
  try {
    // The account flows: chaos counts companies and contacts end to end.
    const mappings = accountMappingsDir(dir);
    // Faster, longer retries than production, so a 20 % failure rate never exhausts a page.
    // The ownership table is not a flow: it has no retry policy.
    for (const file of readdirSync(mappings).filter((f) => f.endsWith('.yaml') && f !== OWNERSHIP_FILE)) {
      writeFileSync(
        join(mappings, file),
        `${readFileSync(join(mappings, file), 'utf8')}\nretry: ${JSON.stringify(options.retry ?? { attempts: 12, baseMs: 100, maxMs: 1500 })}\n`,
      );
    }
    const crm = await startCrmServer({ seed: { companies: options.companies, contacts: options.contacts } });
    stops.push(() => crm.close());
    const erp = await startErpServer();
    stops.push(() => erp.close());
    let redis: RedisServer | undefined;
    if (options.adapter === 'bullmq') {
      redis = await startRedisServer({ persistDir: dir });
      stops.push(() => redis?.stop());
    }
    const queueName = `chaos-${Date.now()}`;
    const baseEnv: Record<string, string> = {
      DATABASE_PATH: join(dir, 'bridge.db'),
      CRM_BASE_URL: crm.url,
      ERP_BASE_URL: erp.url,
      MAPPINGS_DIR: mappings,
      PAGE_SIZE: String(options.pageSize),
      CONCURRENCY: String(options.concurrency),
      CRM_RATE_LIMIT_RPS: String(options.rps),
      ERP_RATE_LIMIT_RPS: String(options.rps),
      LOG_LEVEL: 'error',
      ...(redis ? { REDIS_URL: redis.url } : {}),
    };
    const env = loadEnv(baseEnv);
    const log = createLogger({ level: 'error', write: () => {} });
    const state = openDatabase(env.DATABASE_PATH);
    stops.push(() => state.close());
    const { registry, close } = createConnectors(env, { crmUrl: crm.url, erpUrl: erp.url }, log);
    stops.push(close);
    const flows = bindFlows(loadMappings(mappings, entityCatalog(registry)), registry);
    const store = new SqliteStateStore(state);
    const dlq = new SqliteDlqRepository(state);
    const queue = createJobQueue({ state, name: queueName, log, ...(redis ? { redisUrl: redis.url } : {}) });
    stops.push(() => queue.close());
    // The producer: starts runs and watches them; only worker processes handle jobs.
    const producer = new SyncEngine({ store, queue, flows, log });

    let workerNo = 0;
    const startWorker = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'tests/reliability/chaos-worker.ts'], {
        env: {
          ...process.env,
          ...baseEnv,
          CHAOS_QUEUE: queueName,
          CHAOS_METRICS_FILE: join(dir, `metrics-${++workerNo}.json`),
        },
        // Workers log every dead-lettered batch at error level (403s): kept out of the test output.
        stdio: ['ignore', 'pipe', options.workerStderr ? 'inherit' : 'ignore'],
      });
      workers.push(child);
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      while (!out.includes('worker ready')) {
        if (child.exitCode !== null) throw new Error(`worker exited at start (${child.exitCode})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return child;
    };

    const faults = faultsFor(options.faults ?? 'issue', options.rps);
    crm.faults.set(faults.crm);
    erp.faults.configure(faults.erp);
    const started = Date.now();
    let current = await startWorker();
    let killed = 0;
    let redisRestarts = 0;
    for (const flow of producer.flowNames()) {
      const run = await producer.startRun(flow, 'chaos');
      say(`${options.adapter}: ${flow} started`);
      for (;;) {
        const now = await store.getRun(run.id);
        if (now?.status !== 'running') break;
        const share = now.pagesDone / Math.max(1, expectedPages(flow, options));
        if (flow === 'companies-to-customers' && options.killAt > 0 && killed === 0 && share >= options.killAt) {
          say(`${options.adapter}: kill -9 worker ${current.pid} at ${now.pagesDone} pages`);
          current.kill('SIGKILL');
          await once(current, 'exit');
          killed++;
          current = await startWorker();
        }
        if (redis && options.restartRedisAt > 0 && redisRestarts === 0 && share >= options.restartRedisAt) {
          say(`${options.adapter}: restarting Redis at ${now.pagesDone} pages`);
          await redis.restart();
          redisRestarts++;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const done = await store.getRun(run.id);
      say(
        `${options.adapter}: ${flow} ${done?.status} read ${done?.read} created ${done?.created} updated ${done?.updated} failed ${done?.failed}`,
      );
    }
    current.kill('SIGTERM');
    await once(current, 'exit');
    const seconds = (Date.now() - started) / 1000;

    const erpStats = erp.stats.snapshot(erp.faults.counts) as unknown as {
      writes: number;
      httpRequests: number;
      faults: Record<string, number>;
    };
    crm.faults.reset();
    erp.faults.configure({});
    const dlqByCode = await dlq.countByCode();
    const beforeReplay = await differences(flows, store, dlq);
    say(`${options.adapter}: before replay ${JSON.stringify(beforeReplay)} dlq ${JSON.stringify(dlqByCode)}`);
    const report = await replayDlq(
      { store, dlq, flows, failures: new FailureRecorder({ dlq }) },
      { filter: {} },
      'as-is',
    );
    const afterReplay = { ...(await differences(flows, store, dlq)), dlqOpen: (await dlq.list()).total };
    return {
      adapter: options.adapter,
      records: options.companies + options.contacts,
      seconds,
      erpWrites: erpStats.writes,
      httpRequests: { crm: crm.stats.snapshot().total, erp: erpStats.httpRequests },
      injectedErp: erpStats.faults,
      retries: sumMetric(dir, 'sync_retries_total'),
      dlqByCode,
      beforeReplay,
      replay: { replayed: report.replayed.length, failed: report.failed.length },
      afterReplay,
      killed,
      redisRestarts,
    };
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    for (const stop of stops.reverse()) await stop();
  }
}

function expectedPages(flow: string, options: ChaosOptions): number {
  const records = flow === 'companies-to-customers' ? options.companies : options.contacts;
  return Math.ceil(records / options.pageSize);
}

async function differences(
  flows: Parameters<typeof reconcileFlow>[0][],
  store: SqliteStateStore,
  dlq: SqliteDlqRepository,
): Promise<Differences> {
  const total: Differences = { missing: 0, lost: 0, duplicate: 0, mismatch: 0, inReview: 0, merged: 0 };
  for (const flow of flows) {
    const { counts, differences } = await reconcileFlow(flow, store, dlq);
    const inReview = differences.filter((d) => d.inReview).length;
    total.missing += counts.missing - inReview;
    total.inReview += inReview;
    for (const key of ['lost', 'duplicate', 'mismatch', 'merged'] as const) total[key] += counts[key];
  }
  return total;
}

function sumMetric(dir: string, name: string): number {
  let sum = 0;
  for (const file of readdirSync(dir).filter((f) => f.startsWith('metrics-'))) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const samples = JSON.parse(readFileSync(path, 'utf8')) as CounterSample[];
    for (const s of samples) if (s.name === name) sum += s.value;
  }
  return sum;
}
