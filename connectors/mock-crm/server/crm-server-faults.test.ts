import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { crmTestApi } from './crm-test-api';
import { type RunningCrmServer, startCrmServer } from './start-crm-server';

describe('mock CRM fault injection and stats', () => {
  let crm: RunningCrmServer;
  let api: ReturnType<typeof crmTestApi>;

  beforeAll(async () => {
    crm = await startCrmServer({ seed: { companies: 10, contacts: 10 } });
    api = crmTestApi(crm);
  });
  afterEach(() => api.post('/__admin/reset-faults', {}));
  afterAll(() => crm.close());

  it('rate limits with 429, Retry-After and HubSpot RATE_LIMITS', async () => {
    await api.post('/__admin/faults', { rateLimitPerSecond: 3 });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof api.get>> | undefined;
    for (let i = 0; i < 5; i++) {
      const response = await api.get('/crm/v3/objects/companies?limit=1');
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited!.body).toMatchObject({ status: 'error', category: 'RATE_LIMITS', policyName: 'SECONDLY' });
  });

  it('revokes a scope from every token: HubSpot 403 MISSING_SCOPES on that module only', async () => {
    await api.post('/__admin/faults', { revokedScopes: ['crm.objects.contacts.read'] });
    const contacts = await api.get('/crm/v3/objects/contacts?limit=1');
    expect(contacts.status).toBe(403);
    expect(contacts.body).toMatchObject({ category: 'MISSING_SCOPES' });
    expect((await api.get('/crm/v3/objects/companies?limit=1')).status).toBe(200);
  });

  it('injects error statuses at the configured rate, the same ones for the same seed', async () => {
    const run = async () => {
      await api.post('/__admin/faults', { errorRates: { '503': 0.3, '500': 0.1 }, seed: 9 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await api.get('/crm/v3/objects/companies?limit=1')).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failures = first.filter((s) => s !== 200).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(30);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
  });

  it('applies a write and then drops the connection (dropAfterCommit), leaving reads alone', async () => {
    await api.post('/__admin/faults', { dropAfterCommit: 1 });
    await expect(
      api.post('/crm/v3/objects/companies/batch/create', {
        inputs: [{ properties: { name: 'Committed Then Dropped' } }],
      }),
    ).rejects.toThrow();
    expect((await api.get('/crm/v3/objects/companies?limit=1')).status).toBe(200);
    await api.post('/__admin/reset-faults', {});
    const search = await api.post('/crm/v3/objects/companies/search', {
      filterGroups: [{ filters: [{ propertyName: 'name', operator: 'EQ', value: 'committed then dropped' }] }],
    });
    expect(search.body.total).toBe(1);
  });

  it('adds latency', async () => {
    await api.post('/__admin/faults', { latencyMs: 60 });
    const started = performance.now();
    await api.get('/crm/v3/objects/companies?limit=1');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('rejects an invalid fault configuration', async () => {
    expect((await api.post('/__admin/faults', { errorRates: { '503': 2 } })).status).toBe(400);
    expect((await api.post('/__admin/faults', { typo: 1 })).status).toBe(400);
  });

  it('counts calls by method and route, writes apart', async () => {
    await api.post('/__admin/reset-stats', {});
    await api.get('/crm/v3/objects/contacts?limit=1');
    await api.get('/crm/v3/objects/contacts?limit=1', 'bad-token');
    await api.post('/crm/v3/objects/contacts/search', {});
    await api.post('/crm/v3/objects/contacts/batch/update', { inputs: [] });
    const { body } = await api.get('/__admin/stats');
    expect(body).toEqual({
      total: 4,
      writes: 1,
      byRoute: {
        'GET /crm/v3/objects/contacts': 2,
        'POST /crm/v3/objects/contacts/search': 1,
        'POST /crm/v3/objects/contacts/batch/update': 1,
      },
      webhooks: { delivered: 0, failed: 0, pending: 0, deliveries: 0, attempts: 0 },
    });
  });
});
