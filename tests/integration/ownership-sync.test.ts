import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const COMPANIES = 6;
const ADMIN = 'admin-token-ownership-test';
const VIEWER = 'viewer-token-ownership-test';
const silent = createLogger({ level: 'error' });
const FIXTURES = join(import.meta.dirname, '../fixtures/ownership');

// biome-ignore lint/suspicious/noExplicitAny: the mocks' JSON bodies, read field by field in assertions
type Json = Record<string, any>;

/** A mappings folder: the test flows and the shipped table, plus annualrevenue (standing in for erp_credit_limit) given to the ERP. */
function mappingsDir(dir: string, policy: 'master-wins' | 'flag'): string {
  const out = join(dir, 'mappings');
  mkdirSync(out);
  cpSync(join(FIXTURES, 'customers-to-companies.yaml'), join(out, 'customers-to-companies.yaml'));
  const forward = readFileSync(join(FIXTURES, 'companies-to-customers.yaml'), 'utf8');
  writeFileSync(
    join(out, 'companies-to-customers.yaml'),
    forward.replace('conflictPolicy: master-wins', `conflictPolicy: ${policy}`),
  );
  const table = readFileSync('mappings/ownership.yaml', 'utf8');
  writeFileSync(
    join(out, 'ownership.yaml'),
    table.replace('      erp_credit_limit: erp\n', '      erp_credit_limit: erp\n      annualrevenue: erp\n'),
  );
  return out;
}

async function startTestBridge(policy: 'master-wins' | 'flag') {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-ownership-'));
  const env = loadEnv({
    DATABASE_PATH: join(dir, 'bridge.db'),
    MAPPINGS_DIR: mappingsDir(dir, policy),
    PORT: '0',
    MOCK_CRM_PORT: '0',
    MOCK_ERP_PORT: '0',
    SEED_COMPANIES: String(COMPANIES),
    SEED_CONTACTS: '0',
    ADMIN_TOKENS: ADMIN,
    VIEWER_TOKENS: VIEWER,
  });
  const bridge = await startBridge(env, silent);
  return { bridge, dir };
}

/** Plain HTTP against the mocks and the admin API, as a person or an admin would call them. */
function clients(bridge: RunningBridge) {
  const call = async (url: string, init: RequestInit & { token?: string } = {}): Promise<Json> => {
    const res = await fetch(url, {
      ...init,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${init.token}`,
        ...(init.headers as object),
      },
    });
    const body = (res.status === 204 ? {} : await res.json()) as Json;
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const erpToken = bridge.env.ERP_TOKEN;
  const crmToken = bridge.env.CRM_TOKEN;
  let erpCompany: string | undefined;
  const erpBase = async () => {
    erpCompany ??= (await call(`${bridge.erpUrl}/api/v2.0/companies`, { token: erpToken })).value[0].id;
    return `${bridge.erpUrl}/api/v2.0/companies(${erpCompany})`;
  };
  return {
    customer: async (id: string) => call(`${await erpBase()}/customers(${id})`, { token: erpToken }),
    /** A person editing a customer in the ERP. */
    editCustomer: async (id: string, fields: Json) => {
      const url = `${await erpBase()}/customers(${id})`;
      const current = await call(url, { token: erpToken });
      return call(url, {
        method: 'PATCH',
        token: erpToken,
        headers: { 'if-match': current['@odata.etag'] },
        body: JSON.stringify(fields),
      });
    },
    company: async (id: string) =>
      (
        await call(`${bridge.crmUrl}/crm/v3/objects/companies/${id}?properties=name,city,annualrevenue`, {
          token: crmToken,
        })
      ).properties as Json,
    /** A person editing a company in the CRM. */
    editCompany: (id: string, properties: Json) =>
      call(`${bridge.crmUrl}/crm/v3/objects/companies/${id}`, {
        method: 'PATCH',
        token: crmToken,
        body: JSON.stringify({ properties }),
      }),
    resetStats: async () => {
      await fetch(`${bridge.crmUrl}/__admin/reset-stats`, { method: 'POST' });
      await fetch(`${bridge.erpUrl}/__admin/reset-stats`, { method: 'POST' });
    },
    writes: async () => ({
      crm: (await call(`${bridge.crmUrl}/__admin/stats`)).writes as number,
      erp: (await call(`${bridge.erpUrl}/__admin/stats`)).writes as number,
    }),
    admin: (path: string, init: RequestInit & { token?: string } = {}) =>
      call(`${bridge.adminUrl}${path}`, { token: ADMIN, ...init }),
  };
}

/** CRM company id -> ERP customer id, from the xref store. */
async function pairs(bridge: RunningBridge): Promise<[string, string][]> {
  const rows = bridge.store['state' as never] as unknown as {
    sqlite: { prepare(s: string): { all(): { crm_id: string; erp_id: string }[] } };
  };
  return rows.sqlite
    .prepare(`SELECT crm_id, erp_id FROM xrefs WHERE kind = 'company' ORDER BY crm_id`)
    .all()
    .map((r) => [r.crm_id, r.erp_id]);
}

describe('ownership on real mocks and SQLite: echo suppression, field ownership, master-wins', () => {
  let bridge: RunningBridge;
  let dir: string;
  let api: ReturnType<typeof clients>;
  beforeAll(async () => {
    ({ bridge, dir } = await startTestBridge('master-wins'));
    api = clients(bridge);
  });
  afterAll(async () => {
    await bridge?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('after a full round with no human change, the next rounds write nothing on either side', async () => {
    const [forward, reverse] = bridge.initialRuns;
    expect(forward).toMatchObject({ flow: 'companies-to-customers', created: COMPANIES, failed: 0 });
    // The reverse flow reads the customers we just created and recognises them as our own writes.
    expect(reverse).toMatchObject({ flow: 'customers-to-companies', created: 0, updated: 0, failed: 0 });
    for (let round = 0; round < 2; round++) {
      await api.resetStats();
      const runs = await bridge.engine.syncAll('manual');
      expect(runs.map((r) => r.failed)).toEqual([0, 0]);
      expect(await api.writes()).toEqual({ crm: 0, erp: 0 });
    }
  });

  it('a credit limit edited in the ERP reaches the CRM once, survives a CRM update, and does not echo back', async () => {
    const [crmId, erpId] = (await pairs(bridge))[0]!;
    await api.editCustomer(erpId, { creditLimit: 5000 });
    await api.resetStats();
    await bridge.engine.syncAll('manual');
    expect((await api.company(crmId)).annualrevenue).toBe('5000');
    expect(await api.writes()).toEqual({ crm: 1, erp: 0 });

    await api.resetStats();
    await bridge.engine.syncAll('manual');
    expect(await api.writes()).toEqual({ crm: 0, erp: 0 });

    // A person renames the company: the customer follows, the ERP's credit limit stays.
    await api.editCompany(crmId, { name: 'Renamed Holdings' });
    await api.resetStats();
    await bridge.engine.syncAll('manual');
    const customer = await api.customer(erpId);
    expect(customer).toMatchObject({ displayName: 'Renamed Holdings', creditLimit: 5000 });
    expect(await api.writes()).toEqual({ crm: 0, erp: 1 });
  });

  it('master-wins overwrites an ERP edit of a CRM-owned field and logs the conflict as overwritten', async () => {
    const [crmId, erpId] = (await pairs(bridge))[1]!;
    const crmCity = (await api.company(crmId)).city;
    await api.editCustomer(erpId, { city: 'Nice' });
    await api.editCompany(crmId, { name: 'Second Name Ltd' });
    await bridge.engine.syncAll('manual');
    expect(await api.customer(erpId)).toMatchObject({ displayName: 'Second Name Ltd', city: crmCity });
    const { items } = await api.admin('/conflicts?status=resolved', { token: VIEWER });
    expect(items).toEqual([
      expect.objectContaining({
        flow: 'companies-to-customers',
        sourceId: crmId,
        targetId: erpId,
        field: 'city',
        copy: 'Nice',
        master: crmCity,
        resolution: 'overwritten',
      }),
    ]);
    expect(
      bridge.engine.failures.metrics.value('sync_conflicts_total', {
        flow: 'companies-to-customers',
        resolution: 'overwritten',
      }),
    ).toBe(1);
  });
});

describe('ownership with conflictPolicy flag: conflicts parked, listed and resolved over the admin API', () => {
  let bridge: RunningBridge;
  let dir: string;
  let api: ReturnType<typeof clients>;
  beforeAll(async () => {
    ({ bridge, dir } = await startTestBridge('flag'));
    api = clients(bridge);
  });
  afterAll(async () => {
    await bridge?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an ERP edit of a CRM-owned field, parks it, and keeps the copy when told to until the master changes', async () => {
    const [crmId, erpId] = (await pairs(bridge))[0]!;
    const crmCity = (await api.company(crmId)).city;
    await api.editCustomer(erpId, { city: 'Nice' });
    await api.editCompany(crmId, { name: 'Flagged Name Inc' });
    await bridge.engine.syncAll('manual');
    // The rest of the record syncs; the conflicting field is left alone.
    expect(await api.customer(erpId)).toMatchObject({ displayName: 'Flagged Name Inc', city: 'Nice' });
    const { items, total } = await api.admin('/conflicts?status=open&flow=companies-to-customers', { token: VIEWER });
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({
      sourceId: crmId,
      targetId: erpId,
      field: 'city',
      copy: 'Nice',
      master: crmCity,
      status: 'open',
    });
    const id = items[0].id as number;
    expect(await api.admin(`/conflicts/${id}`, { token: VIEWER })).toMatchObject({ id, field: 'city' });

    // A viewer may read but not resolve.
    await expect(
      api.admin(`/conflicts/${id}/resolve`, { method: 'POST', token: VIEWER, body: JSON.stringify({ keep: 'copy' }) }),
    ).rejects.toThrow(/403/);
    const resolved = await api.admin(`/conflicts/${id}/resolve`, {
      method: 'POST',
      body: JSON.stringify({ keep: 'copy', note: 'the customer moved; CRM to be fixed' }),
    });
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolution: 'kept-copy',
      note: 'the customer moved; CRM to be fixed',
    });

    await api.editCompany(crmId, { name: 'Flagged Again Inc' });
    await bridge.engine.syncAll('manual');
    expect(await api.customer(erpId)).toMatchObject({ displayName: 'Flagged Again Inc', city: 'Nice' });
    expect((await api.admin('/conflicts?status=open')).total).toBe(0);

    // The master changes the field again: the accepted exception ends and the new value is written.
    await api.editCompany(crmId, { city: 'Rome' });
    await bridge.engine.syncAll('manual');
    expect((await api.customer(erpId)).city).toBe('Rome');
  });

  it('keep master writes the master value to the copy at once, and the next round writes nothing', async () => {
    const [crmId, erpId] = (await pairs(bridge))[1]!;
    const crmCity = (await api.company(crmId)).city;
    await api.editCustomer(erpId, { city: 'Lyon' });
    await api.editCompany(crmId, { name: 'Master Kept plc' });
    await bridge.engine.syncAll('manual');
    const { items } = await api.admin('/conflicts?status=open');
    expect(items).toHaveLength(1);
    await api.admin(`/conflicts/${items[0].id}/resolve`, { method: 'POST', body: JSON.stringify({ keep: 'master' }) });
    expect((await api.customer(erpId)).city).toBe(crmCity);
    await expect(
      api.admin(`/conflicts/${items[0].id}/resolve`, { method: 'POST', body: JSON.stringify({ keep: 'copy' }) }),
    ).rejects.toThrow(/409/);
    await api.resetStats();
    await bridge.engine.syncAll('manual');
    expect(await api.writes()).toEqual({ crm: 0, erp: 0 });
  });

  it('bridge conflicts list and show read the same conflicts from the state database', async () => {
    const out: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => out.push(t),
      env: { DATABASE_PATH: bridge.env.DATABASE_PATH },
    };
    expect(await runCli(['conflicts', 'list', '--status', 'resolved', '--json'], io)).toBe(0);
    const page = JSON.parse(out.join(''));
    expect(page.items.map((c: Json) => c.resolution).sort()).toEqual(['kept-copy', 'kept-master']);
    out.length = 0;
    expect(await runCli(['conflicts', 'show', String(page.items[0].id)], io)).toBe(0);
    expect(out.join('')).toMatch(
      /^#\d+ companies-to-customers source \S+ -> target \S+ {2}city: copy .* resolved \(kept-master\)/,
    );
    out.length = 0;
    expect(await runCli(['conflicts', 'resolve', '1', '--keep', 'both'], io)).not.toBe(0);
    expect(out.join('')).toMatch(/--keep must be master or copy/);
  });
});
