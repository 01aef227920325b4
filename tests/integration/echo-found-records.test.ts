import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { demoHttp } from '../../src/demo/demo-http';
import { IntegrationError } from '../../src/errors';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const FIXTURES = join(import.meta.dirname, '../fixtures/ownership');

/**
 * The ownership test flows, with every create looked up by external reference first; without
 * `createOnlyCreditLimit` the bridge never writes `creditLimit`, only the ERP does.
 */
function mappingsDir(dir: string, createOnlyCreditLimit: boolean, retry = ''): string {
  const out = join(dir, 'mappings');
  mkdirSync(out);
  cpSync(join(FIXTURES, 'customers-to-companies.yaml'), join(out, 'customers-to-companies.yaml'));
  let forward = readFileSync(join(FIXTURES, 'companies-to-customers.yaml'), 'utf8').replace(
    'link: company\n',
    `link: company\nlookupBeforeCreate: true\n${retry}`,
  );
  if (!createOnlyCreditLimit)
    forward = forward.replace('  fields: { creditLimit: target }\n', '').replace('  creditLimit: { const: 0 }\n', '');
  writeFileSync(join(out, 'companies-to-customers.yaml'), forward);
  const table = readFileSync('mappings/ownership.yaml', 'utf8');
  writeFileSync(
    join(out, 'ownership.yaml'),
    table.replace('      erp_credit_limit: erp\n', '      erp_credit_limit: erp\n      annualrevenue: erp\n'),
  );
  return out;
}

describe.each([
  { createOnlyCreditLimit: false, title: 'the bridge never writes the credit limit' },
  { createOnlyCreditLimit: true, title: 'the bridge sets the credit limit on create only (target-owned)' },
])('a found customer on real mocks, real SQLite, the real bridge: $title', ({ createOnlyCreditLimit }) => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-echo-found-'));
  let bridge: RunningBridge;
  let http: ReturnType<typeof demoHttp>;
  beforeAll(async () => {
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: mappingsDir(dir, createOnlyCreditLimit),
      PORT: '0',
      MOCK_CRM_PORT: '0',
      MOCK_ERP_PORT: '0',
      SEED_COMPANIES: '2',
      SEED_CONTACTS: '0',
    });
    bridge = await startBridge(env, createLogger({ level: 'error' }));
    http = demoHttp({ crmUrl: bridge.crmUrl, crmToken: env.CRM_TOKEN, erpUrl: bridge.erpUrl, erpToken: env.ERP_TOKEN });
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the credit limit the ERP gave it and brings it to the CRM (not an echo, not overwritten as on a create)', async () => {
    const company = await http.crm('POST', 'companies', { properties: { name: 'Fabrikam Bikes', city: 'Lyon' } });
    // Already in the ERP under the company's id (a create whose answer was lost), and finance
    // has given it a credit limit since.
    const existing = await http.erp('POST', 'customers', {
      displayName: 'Fabrikam Bikes',
      type: 'Company',
      externalId: company.id,
      creditLimit: 7000,
    });
    const [forward, reverse] = await bridge.engine.syncAll('manual');
    expect(forward).toMatchObject({ flow: 'companies-to-customers', created: 0, updated: 1, failed: 0 });
    const pair = (await bridge.store.findXrefs('company', 'crm', [company.id])).get(company.id);
    expect(pair?.erpId).toBe(existing.id);
    const customer = await http.erp('GET', `customers(${existing.id})`);
    expect(customer).toMatchObject({ city: 'Lyon', creditLimit: 7000 });
    // The reverse flow reads the customer at the version our update got: the credit limit in it
    // was never ours, so it is news, not an echo.
    expect(reverse).toMatchObject({ flow: 'customers-to-companies', updated: 1, failed: 0 });
    const after = await http.crm('GET', `companies/${company.id}?properties=annualrevenue`);
    expect(after.properties.annualrevenue).toBe('7000');

    // Our own writes are still recognised: the next round writes nothing on either side.
    const again = await bridge.engine.syncAll('manual');
    expect(again.map((r) => [r.flow, r.created, r.updated, r.failed])).toEqual([
      ['companies-to-customers', 0, 0, 0],
      ['customers-to-companies', 0, 0, 0],
    ]);
  });
});

describe('a crash between the target write and the page commit (real mocks, real SQLite, the real bridge)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-echo-crash-'));
  let bridge: RunningBridge;
  let http: ReturnType<typeof demoHttp>;
  beforeAll(async () => {
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      MAPPINGS_DIR: mappingsDir(dir, true, 'retry: { baseMs: 10, maxMs: 50 }\n'),
      PORT: '0',
      MOCK_CRM_PORT: '0',
      MOCK_ERP_PORT: '0',
      SEED_COMPANIES: '2',
      SEED_CONTACTS: '0',
    });
    bridge = await startBridge(env, createLogger({ level: 'error' }));
    http = demoHttp({ crmUrl: bridge.crmUrl, crmToken: env.CRM_TOKEN, erpUrl: bridge.erpUrl, erpToken: env.ERP_TOKEN });
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the echo of the write: the reverse flow does not take the created customer for news', async () => {
    const company = await http.crm('POST', 'companies', { properties: { name: 'Litware Cycles', city: 'Porto' } });
    // The state database fails the first commit of the forward flow after the customer was created.
    const commitPage = bridge.store.commitPage.bind(bridge.store);
    let crashed = false;
    bridge.store.commitPage = async (commit) => {
      if (!crashed && commit.flow === 'companies-to-customers' && commit.links.length) {
        crashed = true;
        throw new IntegrationError('internal', 'the process died before the page commit', { retryable: true });
      }
      return commitPage(commit);
    };
    const [forward, reverse] = await bridge.engine.syncAll('manual');
    expect(crashed).toBe(true);
    // The retry finds the customer by its external reference: one customer, nothing written again.
    expect(forward).toMatchObject({ flow: 'companies-to-customers', created: 0, failed: 0 });
    const customers = await http.erp('GET', `customers?$filter=externalId eq '${company.id}'`);
    expect(customers.value).toHaveLength(1);
    // The echo of the create survived the crash: the reverse flow reads our own write and skips it.
    expect(reverse).toMatchObject({ flow: 'customers-to-companies', updated: 0, failed: 0 });
    const after = await http.crm('GET', `companies/${company.id}?properties=annualrevenue`);
    expect(after.properties.annualrevenue ?? '').toBe('');
  });
});
