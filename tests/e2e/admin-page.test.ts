import { describe, expect, it } from 'vitest';
import { browserBridge } from '../support/browser-bridge';

const TOKEN = 'browser-test-admin-token';

describe('admin page in a real Chromium', () => {
  const ui = browserBridge('bridge-admin-page-', () => ({
    SEED_COMPANIES: '20',
    SEED_CONTACTS: '30',
    ADMIN_TOKENS: TOKEN,
  }));

  it('signs in with a token, shows runs, starts a run and shows a record history', async () => {
    const page = await ui.signIn('wrong-token');
    await expect.poll(() => page.textContent('#message')).toContain('auth_failed');

    await page.fill('#token', TOKEN);
    await page.click('#login-form button');
    await page.waitForSelector('#runs table');
    const runsText = await page.textContent('#runs');
    expect(runsText).toContain('companies-to-customers');
    expect(runsText).toContain('succeeded');

    await page.click('button[data-run="companies-to-customers"]');
    await expect.poll(() => page.textContent('#message')).toMatch(/started run .* of companies-to-customers/);
    const runs = await ui.bridge.store.listRuns({ flow: 'companies-to-customers' });
    expect(runs.filter((r) => r.trigger === 'manual')).toHaveLength(1);

    const crm = await fetch(`${ui.bridge.crmUrl}/crm/v3/objects/companies?limit=1`, {
      headers: { authorization: `Bearer ${ui.bridge.env.CRM_TOKEN}` },
    });
    const sourceId = ((await crm.json()) as { results: { id: string }[] }).results[0]!.id;
    await page.fill('#history-flow', 'companies-to-customers');
    await page.fill('#history-id', sourceId);
    await page.click('#history-form button');
    await page.waitForSelector('#history table');
    expect(await page.textContent('#history')).toContain('created');
    await page.close();
  });

  it('shows a record the ERP refused with 403 in the DLQ, and replays it after the permission is restored', async () => {
    const erpAdmin = (path: string, body: unknown) =>
      fetch(`${ui.bridge.erpUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const crmHeaders = { authorization: `Bearer ${ui.bridge.env.CRM_TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${ui.bridge.crmUrl}/crm/v3/objects/companies/batch/create`, {
      method: 'POST',
      headers: crmHeaders,
      body: JSON.stringify({
        inputs: [{ properties: { name: 'Permission Test Gmbh', domain: 'permission-test.example' } }],
      }),
    });
    const companyId = ((await created.json()) as { results: { id: string }[] }).results[0]!.id;
    expect((await erpAdmin('/__admin/faults', { forbiddenSets: ['customers'] })).ok).toBe(true);
    const [run] = await ui.bridge.engine.syncAll('manual');
    expect(run).toMatchObject({ flow: 'companies-to-customers', failed: 1 });

    const page = await ui.signIn(TOKEN);
    await page.waitForSelector('#dlq table');
    const row = page.locator('#dlq tr', { hasText: companyId });
    await expect.poll(() => row.textContent()).toContain('permission_denied');

    expect((await erpAdmin('/__admin/reset-faults', {})).ok).toBe(true);
    await row.locator('button[data-replay]').click();
    await expect.poll(() => page.textContent('#message')).toContain('replayed 1, failed again 0');
    await expect.poll(() => page.textContent('#dlq')).toContain('nothing in the dead-letter queue');
    const history = await ui.bridge.store.history('companies-to-customers', companyId);
    expect(history.at(-1)).toMatchObject({ action: 'created' });
    await page.close();
  });
});
