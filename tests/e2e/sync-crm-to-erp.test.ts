import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const COMPANIES = 60;
const CONTACTS = 150;
// The seed plants 2 near-duplicates among the first 60 companies; matching merges them into
// their originals instead of creating customers (docs/decisions/007-matching-model.md).
const CUSTOMERS = COMPANIES - 2;
const silent = createLogger({ level: 'error' });

interface ErpRecord {
  id: string;
  displayName: string;
  customerId?: string | null;
  lastModifiedDateTime: string;
  '@odata.etag': string;
}

async function erpList(bridge: RunningBridge, set: 'customers' | 'contacts'): Promise<ErpRecord[]> {
  const http = axios.create({ baseURL: bridge.erpUrl, headers: { authorization: `Bearer ${bridge.env.ERP_TOKEN}` } });
  const companies = await http.get('/api/v2.0/companies');
  const companyId = companies.data.value[0].id as string;
  const all: ErpRecord[] = [];
  let url: string | undefined = `/api/v2.0/companies(${companyId})/${set}`;
  while (url) {
    const page: { data: { value: ErpRecord[]; '@odata.nextLink'?: string } } = await http.get(url);
    all.push(...page.data.value);
    url = page.data['@odata.nextLink'];
  }
  return all;
}

describe('CRM -> ERP sync on the embedded default (real mock servers, real SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-e2e-'));
  const env = loadEnv({
    DATABASE_PATH: join(dir, 'bridge.db'),
    PORT: '0',
    MOCK_CRM_PORT: '0',
    MOCK_ERP_PORT: '0',
    SEED_COMPANIES: String(COMPANIES),
    SEED_CONTACTS: String(CONTACTS),
  });
  let bridge: RunningBridge;

  beforeAll(async () => {
    bridge = await startBridge(env, silent);
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates every seeded company and contact, contacts linked to their customer', async () => {
    const [companies, contacts] = bridge.initialRuns;
    expect(companies).toMatchObject({
      flow: 'companies-to-customers',
      status: 'succeeded',
      read: COMPANIES,
      created: CUSTOMERS,
      skipped: COMPANIES - CUSTOMERS,
      failed: 0,
    });
    expect(contacts).toMatchObject({
      flow: 'contacts-to-contacts',
      status: 'succeeded',
      read: CONTACTS,
      created: CONTACTS,
      failed: 0,
    });
    const customers = await erpList(bridge, 'customers');
    const erpContacts = await erpList(bridge, 'contacts');
    expect(customers).toHaveLength(CUSTOMERS);
    expect(erpContacts).toHaveLength(CONTACTS);
    const customerIds = new Set(customers.map((c) => c.id));
    const linked = erpContacts.filter((c) => c.customerId);
    expect(linked.length).toBeGreaterThan(CONTACTS * 0.9);
    for (const contact of linked) expect(customerIds.has(contact.customerId!)).toBe(true);
    // Dirty CRM values arrive clean.
    expect(customers.every((c) => c.displayName === c.displayName.trim() && !c.displayName.includes('  '))).toBe(true);
  });

  it('after one CRM edit, a second sync changes exactly that customer', async () => {
    const before = await erpList(bridge, 'customers');
    const crm = axios.create({ baseURL: bridge.crmUrl, headers: { authorization: `Bearer ${bridge.env.CRM_TOKEN}` } });
    const list = await crm.get('/crm/v3/objects/companies', { params: { limit: 1 } });
    const company = list.data.results[0] as { id: string };
    await crm.post('/crm/v3/objects/companies/batch/update', {
      inputs: [{ id: company.id, properties: { name: '  Renamed   Company Ltd ' } }],
    });

    const [companies, contacts] = await bridge.engine.syncAll('manual');
    expect(companies).toMatchObject({ created: 0, updated: 1, failed: 0 });
    expect(contacts).toMatchObject({ created: 0, updated: 0, failed: 0 });

    const after = await erpList(bridge, 'customers');
    const changed = after.filter((a) => {
      const old = before.find((b) => b.id === a.id);
      return old?.['@odata.etag'] !== a['@odata.etag'];
    });
    expect(changed).toHaveLength(1);
    expect(changed[0]?.displayName).toBe('Renamed Company Ltd');
    const history = await bridge.store.history('companies-to-customers', company.id);
    expect(history.map((h) => h.action)).toEqual(['created', 'updated']);
  });

  it('a restart over the same data creates 0 and updates 0', async () => {
    await bridge.stop();
    bridge = await startBridge(env, silent);
    for (const run of bridge.initialRuns) {
      expect(run).toMatchObject({ created: 0, updated: 0, failed: 0, status: 'succeeded' });
    }
    expect(await erpList(bridge, 'customers')).toHaveLength(CUSTOMERS);
  });

  it('records a record that cannot be mapped with its reason, and syncs the rest', async () => {
    const crm = axios.create({ baseURL: bridge.crmUrl, headers: { authorization: `Bearer ${bridge.env.CRM_TOKEN}` } });
    const created = await crm.post('/crm/v3/objects/companies/batch/create', {
      inputs: [
        { properties: { name: 'Good New Co', phone: '(212) 555-0101', domain: 'goodnew.example' } },
        { properties: { name: 'Bad Phone Co', phone: '12', domain: 'badphone.example' } },
      ],
    });
    const ids = (created.data.results as { id: string; properties: { name: string } }[]).reduce<Record<string, string>>(
      (acc, r) => Object.assign(acc, { [r.properties.name]: r.id }),
      {},
    );
    const [companies] = await bridge.engine.syncAll('manual');
    expect(companies).toMatchObject({ created: 1, failed: 1, status: 'partial' });
    const bad = await bridge.store.history('companies-to-customers', ids['Bad Phone Co']!);
    expect(bad.at(-1)).toMatchObject({ action: 'failed', errorCode: 'mapping_failed' });
    expect(bad.at(-1)?.errorMessage).toMatch(
      /field phoneNumber \(mappings\/companies-to-customers\.yaml:\d+\): "12" is not a phone number/,
    );
    const good = await bridge.store.history('companies-to-customers', ids['Good New Co']!);
    expect(good.at(-1)?.action).toBe('created');
  });
});

describe('start-up with a malformed mapping', () => {
  it('stops with the file, line and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-badmap-'));
    try {
      cpSync('mappings', join(dir, 'mappings'), { recursive: true });
      const file = join(dir, 'mappings', 'contacts-to-contacts.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('transforms: [email]', 'transforms: [emial]'));
      const env = loadEnv({
        DATABASE_PATH: join(dir, 'bridge.db'),
        MAPPINGS_DIR: join(dir, 'mappings'),
        PORT: '0',
        MOCK_CRM_PORT: '0',
        MOCK_ERP_PORT: '0',
        SEED_COMPANIES: '1',
        SEED_CONTACTS: '1',
      });
      await expect(startBridge(env, silent)).rejects.toThrow(
        /contacts-to-contacts\.yaml:\d+:\d+: unknown transform "emial" \(did you mean "email"\?\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
