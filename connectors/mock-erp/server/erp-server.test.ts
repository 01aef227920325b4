import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ErpStatsSnapshot } from './erp-stats';
import { type ErpServer, startErpServer } from './start-erp-server';

interface Entity {
  id: string;
  number: string;
  displayName: string;
  '@odata.etag': string;
}

const AUTH = { authorization: 'Bearer dev-erp-token', 'content-type': 'application/json' };
const dir = mkdtempSync(join(tmpdir(), 'mock-erp-'));
const running: ErpServer[] = [];

async function start(options: Parameters<typeof startErpServer>[0] = {}): Promise<ErpServer> {
  const erp = await startErpServer(options);
  running.push(erp);
  return erp;
}

const customersUrl = (erp: ErpServer) => `${erp.apiUrl}/companies(${erp.companyId})/customers`;
const json = async <T>(response: Response | Promise<Response>): Promise<T> => (await (await response).json()) as T;
const post = (erp: ErpServer, body: unknown) =>
  fetch(customersUrl(erp), { method: 'POST', headers: AUTH, body: JSON.stringify(body) });

afterEach(async () => {
  await Promise.all(running.splice(0).map((erp) => erp.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startErpServer persistence', () => {
  it('keeps its data across a restart with the same data file', async () => {
    const dataFile = join(dir, 'nested', 'erp.json');
    const first = await start({ dataFile, seed: { customers: 3, seed: 8 } });
    expect(existsSync(dataFile)).toBe(true);
    const created = await json<Entity>(post(first, { displayName: 'Survivor Inc.' }));
    await first.close();

    const second = await start({ dataFile, seed: { customers: 50 } });
    const list = await json<{ value: Entity[] }>(fetch(customersUrl(second), { headers: AUTH }));
    expect(list.value.map((c) => c.number)).toEqual(['C00010', 'C00020', 'C00030', 'C00040']);
    expect(list.value[3]).toMatchObject({
      id: created.id,
      displayName: 'Survivor Inc.',
      '@odata.etag': created['@odata.etag'],
    });
    const next = await json<Entity>(post(second, { displayName: 'After Restart' }));
    expect(next.number).toBe('C00050');
  });

  it('adds the seeded items to a data file written before the mock had items, keeping its customers', async () => {
    const dataFile = join(dir, 'before-items.json');
    const first = await start({ dataFile, seed: { customers: 2, seed: 8 } });
    const customers = await json<{ value: Entity[] }>(fetch(customersUrl(first), { headers: AUTH }));
    await first.close();
    const old = JSON.parse(readFileSync(dataFile, 'utf8'));
    delete old.tables.items;
    writeFileSync(dataFile, JSON.stringify(old));

    const second = await start({ dataFile });
    expect(second.store.table('items').size).toBe(50);
    const again = await json<{ value: Entity[] }>(fetch(customersUrl(second), { headers: AUTH }));
    expect(again.value).toEqual(customers.value);
  });

  it('saves shortly after a write, without waiting for close', async () => {
    const dataFile = join(dir, 'debounced.json');
    const erp = await start({ dataFile, saveDelayMs: 20 });
    await post(erp, { displayName: 'Saved Soon' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const reloaded = await start({ dataFile, port: 0 });
    expect(reloaded.store.table('customers').size).toBe(1);
  });
});

describe('fault injection', () => {
  it('answers 429 with Retry-After once the rate limit is exceeded within a second', async () => {
    let now = Date.parse('2026-04-01T00:00:00.400Z');
    const erp = await start({ faults: { rateLimit: { requestsPerSecond: 2 } }, now: () => now });
    const get = () => fetch(`${erp.apiUrl}/companies`, { headers: AUTH });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await json<{ error: { code: string } }>(limited)).error.code).toBe('Application_TooManyRequests');
    now += 1000;
    expect((await get()).status).toBe(200);
    expect((await json<ErpStatsSnapshot>(fetch(`${erp.url}/__admin/stats`))).faults).toEqual({ rate_limited: 1 });
  });

  it('applies a write and then drops the connection without an answer (dropAfterCommit)', async () => {
    const erp = await start({ faults: { dropAfterCommitRate: 1 } });
    await expect(post(erp, { displayName: 'Committed Then Dropped' })).rejects.toThrow();
    const stored = [...erp.store.table('customers').byCreation()];
    expect(stored.map((r) => r.data.displayName)).toEqual(['Committed Then Dropped']);
    // Reads are never dropped: nothing was committed.
    expect((await fetch(customersUrl(erp), { headers: AUTH })).status).toBe(200);
  });

  it('injects error statuses deterministically for a seed, per request and per $batch operation', async () => {
    const erp = await start();
    const configure = (faults: unknown) =>
      fetch(`${erp.url}/__admin/faults`, { method: 'POST', headers: AUTH, body: JSON.stringify(faults) });
    const statuses = async () => {
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await fetch(`${erp.apiUrl}/companies`, { headers: AUTH })).status);
      return out;
    };
    expect((await configure({ errorRates: { '503': 0.5 }, seed: 11 })).status).toBe(200);
    const first = await statuses();
    await configure({ errorRates: { '503': 0.5 }, seed: 11 });
    expect(await statuses()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503]));

    await configure({ errorRates: { '500': 0.5 }, seed: 2 });
    let batch: { status: number; body: { responses: { status: number }[] } } | undefined;
    for (let i = 0; i < 10 && batch?.status !== 200; i++) {
      const requests = Array.from({ length: 20 }, (_, id) => ({ id: String(id), method: 'GET', url: 'companies' }));
      const response = await fetch(`${erp.apiUrl}/$batch`, {
        method: 'POST',
        headers: AUTH,
        body: JSON.stringify({ requests }),
      });
      batch = { status: response.status, body: await json(response) };
    }
    expect(new Set(batch?.body.responses.map((r) => r.status))).toEqual(new Set([200, 500]));

    expect((await configure({ errorRates: { '200': 0.5 } })).status).toBe(400);
    await fetch(`${erp.url}/__admin/reset-faults`, { method: 'POST' });
    expect(await statuses()).toEqual(Array(12).fill(200));
  });

  it('delays requests by latencyMs', async () => {
    const erp = await start({ faults: { latencyMs: 120 } });
    const started = performance.now();
    await fetch(`${erp.apiUrl}/companies`, { headers: AUTH });
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});

describe('request stats', () => {
  it('counts requests by route and separates reads from writes, $batch operations included', async () => {
    const erp = await start({ seed: { customers: 2 } });
    await fetch(customersUrl(erp), { headers: AUTH });
    const stats = () => json<ErpStatsSnapshot>(fetch(`${erp.url}/__admin/stats`));
    expect(await stats()).toMatchObject({ writes: 0, reads: 1, httpRequests: 1 });

    await post(erp, { displayName: 'One Write' });
    const requests = [
      { id: '1', method: 'POST', url: `companies(${erp.companyId})/customers`, body: { displayName: 'Two' } },
    ];
    await fetch(`${erp.apiUrl}/$batch`, { method: 'POST', headers: AUTH, body: JSON.stringify({ requests }) });
    expect(await stats()).toMatchObject({
      writes: 2,
      batches: 1,
      httpRequests: 3,
      byRoute: { 'GET companies({id})/customers': 1, 'POST companies({id})/customers': 2, 'POST $batch': 1 },
    });
    await fetch(`${erp.url}/__admin/reset-stats`, { method: 'POST' });
    expect(await stats()).toMatchObject({ writes: 0, reads: 0, httpRequests: 0, byRoute: {} });
  });
});
