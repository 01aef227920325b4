import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningCrmServer, startCrmServer } from '../../connectors/mock-crm/server/start-crm-server';
import { type ErpServer, startErpServer } from '../../connectors/mock-erp/server/start-erp-server';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import type { Run } from '../../src/store';

const silent = createLogger({ level: 'error' });
const ADMIN = 'roles-test-admin-token';

describe('BRIDGE_ROLE=api and BRIDGE_ROLE=worker on one Redis (real mocks, shared SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-roles-'));
  // A database of its own on the suite's Redis, so the fixed queue name "bridge" meets no other test's jobs.
  const redisUrl = `${inject('redisUrl')}/9`;
  let crm: RunningCrmServer;
  let erp: ErpServer;
  let worker: RunningBridge;
  let api: RunningBridge;

  beforeAll(async () => {
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    redis.disconnect();
    crm = await startCrmServer({ seed: { companies: 20, contacts: 30 } });
    erp = await startErpServer();
    const env = (role: string) =>
      loadEnv({
        BRIDGE_ROLE: role,
        REDIS_URL: redisUrl,
        DATABASE_PATH: join(dir, 'bridge.db'),
        CRM_BASE_URL: crm.url,
        ERP_BASE_URL: erp.url,
        PORT: '0',
        ADMIN_TOKENS: ADMIN,
      });
    worker = await startBridge(env('worker'), silent);
    api = await startBridge(env('api'), silent);
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await crm?.close();
    await erp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the worker runs the initial sync and serves no API; the api process syncs nothing itself', () => {
    expect(worker.adminUrl).toBeUndefined();
    // Accounts first, then the seven lead-to-cash flows.
    expect(worker.initialRuns.slice(0, 2).map((r) => [r.flow, r.status])).toEqual([
      ['companies-to-customers', 'succeeded'],
      ['contacts-to-contacts', 'succeeded'],
    ]);
    expect(worker.initialRuns).toHaveLength(9);
    expect(api.adminUrl).toMatch(/^http:/);
    expect(api.initialRuns).toEqual([]);
  });

  it('a run started through POST /flows/{flow}/runs on the api is completed by the worker', async () => {
    // An edit in the CRM gives the run real work: one customer to update in the ERP.
    const [company] = worker.initialRuns;
    expect(company?.created).toBeGreaterThan(0);
    const edited = await fetch(`${crm.url}/crm/v3/objects/companies/${await firstCompanyId()}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer dev-crm-token', 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { city: 'Roleville' } }),
    });
    expect(edited.status).toBe(200);

    const auth = { authorization: `Bearer ${ADMIN}` };
    const started = await fetch(`${api.adminUrl}/flows/companies-to-customers/runs`, { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as Run;
    let run: Run;
    for (;;) {
      run = (await (await fetch(`${api.adminUrl}/runs/${id}`, { headers: auth })).json()) as Run;
      if (run.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(run).toMatchObject({ flow: 'companies-to-customers', trigger: 'manual', status: 'succeeded', updated: 1 });
    const customers = [...erp.store.table('customers').byCreation()];
    expect(customers.filter((c) => c.data.city === 'Roleville')).toHaveLength(1);
  });

  async function firstCompanyId(): Promise<string> {
    const page = await fetch(`${crm.url}/crm/v3/objects/companies?limit=1`, {
      headers: { authorization: 'Bearer dev-crm-token' },
    });
    const body = (await page.json()) as { results: { id: string }[] };
    const id = body.results[0]?.id;
    if (!id) throw new Error('the mock CRM has no company');
    return id;
  }
});
