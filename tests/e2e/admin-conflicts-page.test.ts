import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors';
import { browserBridge } from '../support/browser-bridge';

const TOKEN = 'browser-test-conflicts-token';

// biome-ignore lint/suspicious/noExplicitAny: the mocks' JSON bodies, read field by field in assertions
type Json = Record<string, any>;

describe('admin page conflicts section in a real Chromium', () => {
  const ui = browserBridge('bridge-conflicts-page-', (dir) => {
    // The shipped mappings, with the customer flow parking conflicts instead of overwriting them.
    const mappings = join(dir, 'mappings');
    cpSync('mappings', mappings, { recursive: true });
    const flowFile = join(mappings, 'companies-to-customers.yaml');
    const flow = readFileSync(flowFile, 'utf8');
    expect(flow).toContain('ownership:\n  master: source\n');
    writeFileSync(flowFile, flow.replace('  master: source\n', '  master: source\n  conflictPolicy: flag\n'));
    return { MAPPINGS_DIR: mappings, SEED_COMPANIES: '5', SEED_CONTACTS: '0', ADMIN_TOKENS: TOKEN };
  });

  const call = async (url: string, token: string, init: RequestInit = {}): Promise<Json> => {
    const res = await fetch(url, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers as object) },
    });
    const body = (await res.json()) as Json;
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  it('lists a copy-side edit of a CRM-owned field and Keep master overwrites the ERP copy', async () => {
    const crmToken = ui.bridge.env.CRM_TOKEN;
    const erpToken = ui.bridge.env.ERP_TOKEN;
    const companies = await call(`${ui.bridge.crmUrl}/crm/v3/objects/companies?limit=1&properties=name,city`, crmToken);
    const company = companies.results[0] as { id: string; properties: { city: string } };
    const crmCity = company.properties.city;
    const history = await ui.bridge.store.history('companies-to-customers', company.id);
    const erpId = history.at(-1)!.targetId!;
    const erpCompany = (await call(`${ui.bridge.erpUrl}/api/v2.0/companies`, erpToken)).value[0].id;
    const customerUrl = `${ui.bridge.erpUrl}/api/v2.0/companies(${erpCompany})/customers(${erpId})`;

    // A person edits the city in the ERP (the CRM masters it), then someone renames the company in the CRM.
    const current = await call(customerUrl, erpToken);
    await call(customerUrl, erpToken, {
      method: 'PATCH',
      headers: { 'if-match': current['@odata.etag'] },
      body: JSON.stringify({ city: 'Edited In Erp' }),
    });
    await call(`${ui.bridge.crmUrl}/crm/v3/objects/companies/${company.id}`, crmToken, {
      method: 'PATCH',
      body: JSON.stringify({ properties: { name: 'Conflict Page Inc' } }),
    });
    await ui.bridge.engine.syncAll('manual');
    expect(await call(customerUrl, erpToken)).toMatchObject({
      displayName: 'Conflict Page Inc',
      city: 'Edited In Erp',
    });

    const page = await ui.signIn(TOKEN);
    // Every stable error code is a DLQ filter, including the ones added after the page was written.
    const codes = await page
      .locator('#dlq-code option')
      .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(codes).toEqual(['', ...Object.keys(ERROR_CODES)]);
    expect(codes).toEqual(expect.arrayContaining(['record_rejected', 'price_mismatch', 'flow_disabled']));

    await page.fill('#conflict-flow', 'companies-to-customers');
    await page.click('#conflict-filter button');
    const row = page.locator('#conflicts tr', { hasText: company.id });
    await expect.poll(() => row.textContent()).toContain('city');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(`"Edited In Erp"`);
    expect(text).toContain(JSON.stringify(crmCity));
    expect(text).toContain(`${company.id} -> ${erpId}`);

    await page.fill('#conflict-note', 'the CRM address is the verified one');
    await row.locator('button[data-keep-master]').click();
    await expect.poll(() => page.textContent('#message')).toMatch(/conflict \d+ \(city\): kept-master/);
    await expect.poll(() => page.textContent('#conflicts')).toContain('no conflicts');
    expect(await call(customerUrl, erpToken)).toMatchObject({ city: crmCity, displayName: 'Conflict Page Inc' });

    await page.selectOption('#conflict-status', 'resolved');
    await page.click('#conflict-filter button');
    await expect
      .poll(() => page.textContent('#conflicts'))
      .toContain('kept-master (the CRM address is the verified one)');
    await page.close();
  });
});
