import { describe, expect, it } from 'vitest';
import { browserBridge } from '../support/browser-bridge';

const TOKEN = 'mappings-page-viewer-token';
const CITY_LINE = 'city: { from: city, transforms: [collapseSpaces, { truncate: 30 }] }';

describe('admin page: mapping edit, validate and preview in a real Chromium', () => {
  const ui = browserBridge('bridge-mappings-page-', () => ({
    SEED_COMPANIES: '12',
    SEED_CONTACTS: '5',
    ADMIN_TOKENS: 'unused-admin-token',
    // A viewer may validate and preview: both are read-only.
    VIEWER_TOKENS: TOKEN,
  }));
  const erpWrites = async () =>
    ((await (await fetch(`${ui.bridge.erpUrl}/__admin/stats`)).json()) as { writes: number }).writes;

  it('shows a broken line with its number, then previews an edited line as changed fields and writes nothing', async () => {
    const page = await ui.signIn(TOKEN);
    await expect.poll(() => page.inputValue('#mapping-yaml'), { timeout: 10_000 }).toContain(CITY_LINE);
    expect(await page.inputValue('#mapping-flow')).toBe('companies-to-customers');
    const original = await page.inputValue('#mapping-yaml');
    const cityLine = original.split('\n').findIndex((l) => l.includes(CITY_LINE)) + 1;

    await page.fill('#mapping-yaml', original.replace(CITY_LINE, CITY_LINE.replace('collapseSpaces', 'colapseSpaces')));
    await page.click('#mapping-validate');
    await page.waitForSelector('#mapping-result table');
    const problems = await page.textContent('#mapping-result');
    expect(problems).toContain('colapseSpaces');
    expect(problems).toContain(String(cityLine));

    const writesBefore = await erpWrites();
    await page.fill('#mapping-yaml', original.replace(CITY_LINE, CITY_LINE.replace('truncate: 30', 'truncate: 3')));
    await page.click('#mapping-validate');
    await expect.poll(() => page.textContent('#mapping-result')).toContain('valid: companies-to-customers');
    await page.click('#mapping-preview');
    await expect.poll(() => page.textContent('#mapping-result')).toContain('nothing written');

    // Each synced company's city now maps to its first three letters: an update of `city`.
    const rows = await page.locator('#mapping-result tbody tr').allTextContents();
    const cityRows = rows.filter((r) => r.includes('update') && r.includes('city'));
    expect(cityRows.length).toBeGreaterThan(0);
    const customers = (await (
      await fetch(`${ui.bridge.erpUrl}/api/v2.0/companies(${await companyId()})/customers?$top=100`, {
        headers: { authorization: `Bearer ${ui.bridge.env.ERP_TOKEN}` },
      })
    ).json()) as { value: { city: string }[] };
    const longCity = customers.value.find((c) => c.city.length > 3)!.city;
    expect(
      rows.some((r) => r.includes(JSON.stringify(longCity)) && r.includes(JSON.stringify(longCity.slice(0, 3)))),
    ).toBe(true);
    expect(await erpWrites()).toBe(writesBefore);
    // The running flow keeps the version of the file on disk: nothing was saved.
    const flows = (await (
      await fetch(`${ui.bridge.adminUrl}/mappings`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as { mappings: { flow: string; version: string }[] };
    expect(flows.mappings.find((m) => m.flow === 'companies-to-customers')?.version).toMatch(/^1-/);
    await page.close();
  });

  async function companyId(): Promise<string> {
    const response = await fetch(`${ui.bridge.erpUrl}/api/v2.0/companies`, {
      headers: { authorization: `Bearer ${ui.bridge.env.ERP_TOKEN}` },
    });
    return ((await response.json()) as { value: { id: string }[] }).value[0]!.id;
  }
});
