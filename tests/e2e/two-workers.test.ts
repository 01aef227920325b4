import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedCrm } from '../../connectors/mock-crm/server/seed-crm';
import { type RunningCrmServer, startCrmServer } from '../../connectors/mock-crm/server/start-crm-server';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import type { Run } from '../../src/store';
import { createTestDatabase, type TestDatabase } from '../../src/store/testkit/create-test-database';

// Small pages and a low budget, so the budget (not CPU) bounds the run: 30 ERP batches at 3 a second.
const COMPANIES = 600;
const PAGE_SIZE = 20;
const ERP_RPS = 3;
const FLOW = 'companies-to-customers';

interface Worker {
  child: ChildProcess;
  /** JSON log lines the worker wrote. */
  lines: { message: string; id?: string; name?: string }[];
}

/**
 * Issue 9: one api process starts a run, two `bridge worker` processes (child processes sharing
 * the suite's Redis) do its jobs, with the state in one SQLite file in WAL mode (one host) and in
 * a real PostgreSQL database (many hosts).
 */
describe.each([
  { stateKind: 'one SQLite file', redisDb: 8 },
  { stateKind: 'PostgreSQL', redisDb: 9 },
])(
  'two bridge worker processes share one run (real Redis, mocks on loopback, state in $stateKind)',
  ({ stateKind, redisDb }) => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-workers-'));
    // A database of its own on the suite's Redis: the queue name "bridge" and the lease key meet no other test.
    const redisUrl = `${inject('redisUrl')}/${redisDb}`;
    // DATABASE_PATH stays: beside it the CLI would keep mock data; with DATABASE_URL the state is there.
    const state: Record<string, string> = { DATABASE_PATH: join(dir, 'bridge.db') };
    let database: TestDatabase | undefined;
    const mappings = join(dir, 'mappings');
    let crm: RunningCrmServer;
    let erp: ErpServer;
    let api: RunningBridge;
    const workers: Worker[] = [];

    const workerEnv = () => ({
      ...process.env,
      ...state,
      REDIS_URL: redisUrl,
      CRM_BASE_URL: crm.url,
      ERP_BASE_URL: erp.url,
      MAPPINGS_DIR: mappings,
      ERP_RATE_LIMIT_RPS: String(ERP_RPS),
      PAGE_SIZE: String(PAGE_SIZE),
      SCHEDULER_LEASE_MS: '2000',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    });

    async function startWorker(): Promise<Worker> {
      const child = spawn(process.execPath, ['bin/bridge.mjs', 'worker', '--concurrency', '4'], {
        env: workerEnv(),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const worker: Worker = { child, lines: [] };
      workers.push(worker);
      let rest = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        const text = rest + chunk.toString();
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          try {
            worker.lines.push(JSON.parse(line));
          } catch {
            worker.lines.push({ message: line });
          }
        }
      });
      while (!worker.lines.some((l) => l.message.startsWith('worker: processing jobs'))) {
        if (child.exitCode !== null) throw new Error(`worker exited at start: ${JSON.stringify(worker.lines)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return worker;
    }

    beforeAll(async () => {
      if (stateKind === 'PostgreSQL') {
        database = await createTestDatabase(inject('postgresUrl'));
        state.DATABASE_URL = database.url;
      }
      const redis = new Redis(redisUrl);
      await redis.flushdb();
      redis.disconnect();
      // Only the run started through the API may do the work: pollers wait an hour.
      cpSync('mappings', mappings, { recursive: true });
      for (const file of readdirSync(mappings).filter((f) => f.endsWith('.yaml'))) {
        const path = join(mappings, file);
        writeFileSync(path, readFileSync(path, 'utf8').replace(/poll: \S+/, 'poll: 1h'));
      }
      // Empty at first: the scheduling worker's initial sync finds nothing to do.
      crm = await startCrmServer({ seed: false });
      erp = await startErpServer();
      await startWorker();
      await startWorker();
      api = await startBridge(
        loadEnv({
          ...state,
          BRIDGE_ROLE: 'api',
          REDIS_URL: redisUrl,
          CRM_BASE_URL: crm.url,
          ERP_BASE_URL: erp.url,
          MAPPINGS_DIR: mappings,
          PORT: '0',
          ADMIN_TOKENS: 'workers-test-token',
        }),
        createLogger({ level: 'error' }),
      );
    }, 60_000);

    afterAll(async () => {
      await api?.stop();
      for (const { child } of workers) {
        if (child.exitCode === null) {
          child.kill('SIGTERM');
          await once(child, 'exit');
        }
      }
      await crm?.close();
      await erp?.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('splits the run over both workers, writes each company once, and keeps the ERP budget across both', async () => {
      // Exactly one worker holds the scheduler lease: it alone ran the initial sync.
      const schedulers = workers.filter((w) => w.lines.some((l) => l.message === 'this process now schedules runs'));
      expect(schedulers).toHaveLength(1);
      expect((await api.store.listRuns({ flow: FLOW, limit: 10 })).map((r) => r.trigger)).toEqual(['initial']);

      const { companyIds } = seedCrm(crm.store, { companies: COMPANIES, contacts: 0 });
      const before = erp.stats.snapshot().httpRequests;
      const startedAt = Date.now();
      const started = await fetch(`${api.adminUrl}/flows/${FLOW}/runs`, {
        method: 'POST',
        headers: { authorization: 'Bearer workers-test-token' },
      });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as Run;
      // The ERP's request count every 100 ms: any window of the run can be checked against the budget.
      const samples = [{ at: startedAt, requests: before }];
      let run: Run | undefined;
      for (;;) {
        run = await api.store.getRun(id);
        samples.push({ at: Date.now(), requests: erp.stats.snapshot().httpRequests });
        if (run?.status !== 'running') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const requests = samples.at(-1)!.requests - before;
      let overBudget = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < samples.length; i++)
        for (let j = i + 1; j < samples.length; j++) {
          const [from, to] = [samples[i]!, samples[j]!];
          // A window's requests beyond its refill: what came out of the bucket's burst (one second's worth).
          overBudget = Math.max(overBudget, to.requests - from.requests - (ERP_RPS * (to.at - from.at)) / 1000);
        }

      // Counts add up: every company was created or deliberately skipped (a seeded near-duplicate).
      expect(run).toMatchObject({ status: 'succeeded', read: COMPANIES, failed: 0 });
      expect(run!.created + run!.skipped).toBe(COMPANIES);
      // Matching ran in both workers on either state (PostgreSQL too): near-duplicates were held back.
      expect(run!.skipped).toBeGreaterThan(0);

      // Nothing duplicated: one ERP customer per created company, each CRM id at most once.
      const customers = [...erp.store.table('customers').byCreation()];
      const externalIds = customers.map((c) => String(c.data.externalId));
      expect(customers).toHaveLength(run!.created);
      expect(new Set(externalIds).size).toBe(externalIds.length);
      const crmIds = new Set(companyIds);
      expect(externalIds.every((x) => crmIds.has(x))).toBe(true);

      // The work was split: both processes handled sync pages of this run, none twice.
      const pagesOf = (w: Worker) =>
        w.lines
          .filter((l) => l.message === 'job' && l.name === 'sync-page' && l.id?.startsWith(`${id}/`))
          .map((l) => l.id);
      const [a, b] = workers.map(pagesOf);
      expect(a!.length).toBeGreaterThan(0);
      expect(b!.length).toBeGreaterThan(0);
      expect(new Set([...a!, ...b!]).size).toBe(run!.pagesTotal);

      // One budget for both: in no window more than ERP_RPS a second plus one second's burst (+1
      // for a request counted at a sample's edge). Two budgets of their own would allow twice that.
      expect(requests).toBeGreaterThanOrEqual(run!.pagesTotal);
      expect(overBudget).toBeLessThanOrEqual(ERP_RPS + 1);
    }, 60_000);
  },
);
