import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmTestApi } from './crm-test-api';
import { type RunningCrmServer, startCrmServer } from './start-crm-server';

type Hit = { id: string; updatedAt: string; properties: Record<string, string | null> };

describe('mock CRM search (real HTTP)', () => {
  let crm: RunningCrmServer;
  let api: ReturnType<typeof crmTestApi>;
  const modified = (hit: Hit) => Date.parse(hit.properties.hs_lastmodifieddate!);

  const searchAll = async (type: string, body: Record<string, unknown>, between?: (hits: Hit[]) => Promise<void>) => {
    const hits: Hit[] = [];
    let after: string | undefined;
    let total = -1;
    do {
      const { status, body: page } = await api.post(`/crm/v3/objects/${type}/search`, {
        ...body,
        ...(after ? { after } : {}),
      });
      expect(status).toBe(200);
      if (total === -1) total = page.total;
      hits.push(...page.results);
      after = page.paging?.next?.after;
      await between?.(hits);
    } while (after);
    return { hits, total };
  };

  beforeAll(async () => {
    crm = await startCrmServer({ seed: { companies: 150, contacts: 300, seed: 11 } });
    api = crmTestApi(crm);
  });
  afterAll(() => crm.close());

  it('filters GTE on hs_lastmodifieddate (epoch ms), sorted ascending, paging without repeats or gaps', async () => {
    const all = [...crm.store.live('companies')];
    const times = all.map((c) => Date.parse(c.updatedAt)).sort((a, b) => a - b);
    const since = times[40]!;
    const expected = all.filter((c) => Date.parse(c.updatedAt) >= since).map((c) => c.id);
    const { hits, total } = await searchAll('companies', {
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(since) }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      limit: 7,
    });
    expect(total).toBe(expected.length);
    expect(hits.map((h) => h.id).sort()).toEqual([...expected].sort());
    for (let i = 1; i < hits.length; i++) {
      const order = modified(hits[i - 1]!) - modified(hits[i]!) || Number(hits[i - 1]!.id) - Number(hits[i]!.id);
      expect(order).toBeLessThan(0);
    }
  });

  it('treats GT as exclusive and accepts ISO values; LT and LTE bound from above', async () => {
    const all = [...crm.store.live('companies')];
    const pivot = all[10]!.updatedAt;
    const count = (op: string) =>
      api
        .post('/crm/v3/objects/companies/search', {
          filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: op, value: pivot }] }],
          limit: 1,
        })
        .then((r) => r.body.total as number);
    const at = all.filter((c) => c.updatedAt === pivot).length;
    const before = all.filter((c) => Date.parse(c.updatedAt) < Date.parse(pivot)).length;
    expect(await count('GT')).toBe(all.length - before - at);
    expect(await count('GTE')).toBe(all.length - before);
    expect(await count('LT')).toBe(before);
    expect(await count('LTE')).toBe(before + at);
  });

  it('never repeats or loses a record when records change between pages', async () => {
    const ids = [...crm.store.live('contacts')].map((c) => c.id);
    let edits = 0;
    const { hits } = await searchAll(
      'contacts',
      {
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '0' }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        limit: 50,
      },
      async (delivered) => {
        // Touch a record already delivered: it moves to the end and must come back exactly once more.
        if (edits++ < 2) {
          await api.patch(`/crm/v3/objects/contacts/${delivered[edits]!.id}`, { properties: { jobtitle: 'Moved' } });
        }
      },
    );
    const counts = new Map<string, number>();
    for (const hit of hits) counts.set(hit.id, (counts.get(hit.id) ?? 0) + 1);
    expect(new Set(counts.keys())).toEqual(new Set(ids));
    expect([...counts.values()].filter((n) => n > 1)).toHaveLength(2);
    expect(hits.at(-1)!.properties.jobtitle).toBe('Moved');
  });

  it('ORs filter groups, ANDs filters, and compares strings case-insensitively', async () => {
    const [a, b] = [...crm.store.live('contacts')].filter((c) => c.properties.email);
    const { body } = await api.post('/crm/v3/objects/contacts/search', {
      filterGroups: [
        { filters: [{ propertyName: 'email', operator: 'EQ', value: a!.properties.email!.toUpperCase() }] },
        {
          filters: [
            { propertyName: 'email', operator: 'IN', values: [b!.properties.email] },
            { propertyName: 'hs_object_id', operator: 'EQ', value: b!.id },
          ],
        },
        {
          filters: [
            { propertyName: 'email', operator: 'EQ', value: b!.properties.email },
            { propertyName: 'hs_object_id', operator: 'NEQ', value: b!.id },
          ],
        },
      ],
      properties: ['email'],
    });
    expect(body.results.map((r: Hit) => r.id).sort()).toEqual([a!.id, b!.id].sort());
    expect(Object.keys(body.results[0].properties).sort()).toEqual([
      'createdate',
      'email',
      'hs_lastmodifieddate',
      'hs_object_id',
    ]);
  });

  it('supports HAS_PROPERTY / NOT_HAS_PROPERTY and sorts by other properties with a stable id tie-break', async () => {
    const all = [...crm.store.live('companies')];
    const withTax = all.filter((c) => c.properties.tax_id).length;
    const has = await api.post('/crm/v3/objects/companies/search', {
      filterGroups: [{ filters: [{ propertyName: 'tax_id', operator: 'HAS_PROPERTY' }] }],
    });
    const hasNot = await api.post('/crm/v3/objects/companies/search', {
      filterGroups: [{ filters: [{ propertyName: 'tax_id', operator: 'NOT_HAS_PROPERTY' }] }],
    });
    expect(has.body.total).toBe(withTax);
    expect(hasNot.body.total).toBe(all.length - withTax);
    const { hits } = await searchAll('companies', { sorts: ['industry'], limit: 40 });
    expect(hits).toHaveLength(all.length);
    const key = (h: Hit) => h.properties.industry ?? '\uffff';
    for (let i = 1; i < hits.length; i++) {
      const [p, q] = [hits[i - 1]!, hits[i]!];
      expect(key(p) < key(q) || (key(p) === key(q) && Number(p.id) < Number(q.id))).toBe(true);
    }
  });

  it('answers 400 for an unknown property, operator, bad after, or limit above 200', async () => {
    const bad = [
      { filterGroups: [{ filters: [{ propertyName: 'nope', operator: 'EQ', value: 'x' }] }] },
      { filterGroups: [{ filters: [{ propertyName: 'name', operator: 'LIKE', value: 'x' }] }] },
      { after: 'not-a-cursor' },
      { limit: 201 },
    ];
    for (const body of bad) {
      const response = await api.post('/crm/v3/objects/companies/search', body);
      expect(response.status).toBe(400);
      expect(response.body.category).toBe('VALIDATION_ERROR');
    }
  });
});
