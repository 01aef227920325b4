import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crmTestApi } from './crm-test-api';
import { startCrmServer } from './start-crm-server';

describe('mock CRM persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-crm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds and saves on first start, keeps writes across a restart, and ignores the seed then', async () => {
    const dataFile = join(dir, 'nested', 'crm.json');
    const first = await startCrmServer({ dataFile, seed: { companies: 10, contacts: 20 }, saveDelayMs: 20 });
    expect(existsSync(dataFile)).toBe(true);
    const api = crmTestApi(first);
    const created = await api.post('/crm/v3/objects/companies', { properties: { name: 'Survivor Inc' } });
    const contact = first.seeded!.contactIds[0]!;
    await api.patch(`/crm/v3/objects/contacts/${contact}`, { properties: { jobtitle: 'Persisted' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readFileSync(dataFile, 'utf8')).toContain('Survivor Inc');
    const beforeClose = await api.get(`/crm/v3/objects/contacts/${contact}?associations=companies`);
    await first.close();

    const second = await startCrmServer({ dataFile, seed: { companies: 99, contacts: 99 } });
    try {
      const again = crmTestApi(second);
      expect(second.seeded).toBeUndefined();
      expect((await again.get(`/crm/v3/objects/companies/${created.body.id}`)).body.properties.name).toBe(
        'Survivor Inc',
      );
      expect((await again.get(`/crm/v3/objects/contacts/${contact}?associations=companies`)).body).toEqual(
        beforeClose.body,
      );
      expect((await again.get('/crm/v3/objects/companies?limit=100')).body.results).toHaveLength(11);
      const next = await again.post('/crm/v3/objects/companies', { properties: { name: 'After Restart' } });
      expect(Number(next.body.id)).toBeGreaterThan(Number(created.body.id));
      expect(Date.parse(next.body.updatedAt)).toBeGreaterThan(Date.parse(created.body.updatedAt));
    } finally {
      await second.close();
    }
    expect(readFileSync(dataFile, 'utf8')).toContain('After Restart');
  });
});
