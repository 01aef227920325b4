import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const FIXTURES = join(import.meta.dirname, '../fixtures/ownership');

// create-once and a filter on the forward flow; the update-only reverse flow from the fixtures.
const FORWARD = `flow: companies-to-customers
version: 1
source: { connector: crm, entity: company }
target: { connector: erp, entity: customer }
link: company
filter: source.city != "Skipville"
write: create-once
fields:
  displayName: { from: name, required: true }
  city: { from: city }
  externalId: { from: hs_object_id }
`;

describe('flow filter and write modes on real mocks and SQLite', () => {
  let bridge: RunningBridge;
  let dir: string;
  const crm = (path: string, init: RequestInit = {}) =>
    fetch(`${bridge.crmUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bridge.env.CRM_TOKEN}` },
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }));
  const createCompany = async (properties: Record<string, string>) =>
    (await crm('/crm/v3/objects/companies', { method: 'POST', body: JSON.stringify({ properties }) })).body.id;
  const createCustomer = async (displayName: string) => {
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${bridge.env.ERP_TOKEN}` };
    const companies = (await (await fetch(`${bridge.erpUrl}/api/v2.0/companies`, { headers: auth })).json()) as {
      value: { id: string }[];
    };
    const url = `${bridge.erpUrl}/api/v2.0/companies(${companies.value[0]!.id})/customers`;
    const res = await fetch(url, { method: 'POST', headers: auth, body: JSON.stringify({ displayName }) });
    expect(res.status).toBe(201);
  };
  const erpWrites = async () =>
    ((await (await fetch(`${bridge.erpUrl}/__admin/stats`)).json()) as { writes: number }).writes;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-write-modes-'));
    const mappings = join(dir, 'mappings');
    mkdirSync(mappings);
    writeFileSync(join(mappings, 'companies-to-customers.yaml'), FORWARD);
    writeFileSync(
      join(mappings, 'customers-to-companies.yaml'),
      readFileSync(join(FIXTURES, 'customers-to-companies.yaml')),
    );
    const table = readFileSync('mappings/ownership.yaml', 'utf8');
    writeFileSync(
      join(mappings, 'ownership.yaml'),
      table.replace('      erp_credit_limit: erp\n', '      erp_credit_limit: erp\n      annualrevenue: erp\n'),
    );
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: mappings,
      PORT: '0',
      MOCK_CRM_PORT: '0',
      MOCK_ERP_PORT: '0',
      SEED_COMPANIES: '0',
      SEED_CONTACTS: '0',
      SYNC_ONCE: 'true',
    });
    bridge = await startBridge(env, createLogger({ level: 'error' }));
  });
  afterAll(async () => {
    await bridge?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('filter skips with a history row; create-once never updates; update-only never creates', async () => {
    const kept = await createCompany({ name: 'Kept Co', city: 'Paris' });
    const filtered = await createCompany({ name: 'Filtered Co', city: 'Skipville' });
    await createCustomer('Only In The ERP');
    const [forward, reverse] = await bridge.engine.syncAll('manual');
    expect(forward).toMatchObject({ read: 2, created: 1, skipped: 1, failed: 0 });
    const history = await bridge.store.history('companies-to-customers', filtered);
    expect(history.at(-1)).toMatchObject({ action: 'skipped', errorCode: 'filtered' });
    expect(history.at(-1)?.errorMessage).toContain('source.city != "Skipville"');
    // The customer made in the ERP has no CRM company: the update-only flow skips it; ours is an echo.
    expect(reverse).toMatchObject({ read: 2, created: 0, updated: 0, skipped: 1, unchanged: 1 });

    // create-once: a change to the pushed company is read and left alone.
    await crm(`/crm/v3/objects/companies/${kept}`, {
      method: 'PATCH',
      body: JSON.stringify({ properties: { name: 'Kept Co Renamed' } }),
    });
    await fetch(`${bridge.erpUrl}/__admin/reset-stats`, { method: 'POST' });
    const [again] = await bridge.engine.syncAll('manual');
    expect(again).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect(again!.unchanged).toBeGreaterThanOrEqual(1);
    expect(await erpWrites()).toBe(0);
  });

  it('an update-only flow with no linked target writes nothing and records why', async () => {
    const runs = await bridge.store.listRuns({ flow: 'customers-to-companies', limit: 1 });
    expect(runs[0]).toMatchObject({ created: 0, updated: 0, failed: 0 });
    const state = bridge.store['state' as never] as unknown as {
      sqlite: { prepare(s: string): { get(): { n: number; code: string } } };
    };
    const row = state.sqlite
      .prepare(
        `SELECT count(*) AS n, max(error_code) AS code FROM record_history WHERE flow = 'customers-to-companies' AND action = 'skipped'`,
      )
      .get();
    expect(row.n).toBeGreaterThan(0);
    expect(row.code).toBe('no_target');
  });
});
