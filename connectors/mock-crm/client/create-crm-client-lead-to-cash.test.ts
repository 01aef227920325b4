import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AcceptanceContext, drainChanges } from '../../../src/connectors/testkit';
import { type RunningCrmServer, startCrmServer } from '../server/start-crm-server';
import { createCrmClient } from './create-crm-client';
import { Deal, Quote } from './lead-to-cash-entities';

describe('mock CRM connector: lead-to-cash objects against the real mock server', () => {
  let crm: RunningCrmServer;
  let client: ReturnType<typeof createCrmClient>;

  /** Every page of one listChanges query, through the test kit's drain (which also refuses a looping token). */
  const drain = async (entity: string, since: string | null, limit?: number) => {
    let pages = 1;
    // drainChanges reads only ctx.methods.
    const ctx = { methods: client } as unknown as AcceptanceContext;
    const records = await drainChanges(ctx, { entity, since, ...(limit ? { limit } : {}) }, async () => {
      pages++;
    });
    return { records, pages };
  };
  const calls = (route: string) => crm.stats.snapshot().byRoute[route] ?? 0;
  /** A cursor after everything written so far: the next write is strictly later. */
  const cursorNow = () => new Date(crm.store.nextStamp()).toISOString();

  beforeAll(async () => {
    crm = await startCrmServer({
      seed: { companies: 10, contacts: 0, seed: 4 },
      tokens: { full: 'all', noTickets: ['crm.objects.deals.read', 'crm.objects.deals.write'] },
    });
    client = createCrmClient({ baseUrl: crm.url, token: 'full', pageSize: 25, retries: 0 });
  });
  afterAll(async () => {
    await client.close();
    await crm.close();
  });
  beforeEach(() => crm.stats.reset());

  it('inlines each quote line items and associations, with one line-item batch read per page, not per quote', async () => {
    const store = crm.store;
    const [company] = crm.seeded!.companyIds;
    const deal = crm.seeded!.dealIds[0]!;
    const product = store.create('products', { name: 'Bicycle', hs_sku: '1000', price: '350' });
    const expected = new Map<string, string[]>();
    for (let q = 0; q < 5; q++) {
      const quote = store.create('quotes', { hs_title: `Q-${q}`, hs_status: q === 2 ? 'ACCEPTED' : 'DRAFT' });
      store.associate('quotes', quote.id, 'deals', deal);
      store.associate('quotes', quote.id, 'companies', company!);
      const lines: string[] = [];
      // Quote 4 has no lines: its record still carries an empty list.
      for (let l = 0; l < (q === 4 ? 0 : 2); l++) {
        const line = store.create('line_items', {
          name: `Line ${q}.${l}`,
          hs_product_id: product.id,
          quantity: String(l + 1),
          price: '350',
          hs_discount_percentage: l === 1 ? '10' : null,
        });
        store.associate('quotes', quote.id, 'line_items', line.id);
        lines.push(line.id);
      }
      expected.set(quote.id, lines);
    }

    const { records, pages } = await drain('quote', null, 2);
    expect(pages).toBe(3);
    expect(calls('GET /crm/v3/objects/quotes')).toBe(3);
    // Pages 1 and 2 have lines, page 3 (quote 4 only) has none: no call at all.
    expect(calls('POST /crm/v3/objects/line_items/batch/read')).toBe(2);
    expect(records.map((r) => r.id)).toEqual([...expected.keys()]);
    for (const record of records) {
      Quote.parse(record.fields);
      expect(record.associations).toEqual({ deal: [deal], company: [company], line_item: expected.get(record.id) });
      const lines = record.fields.line_items as Array<Record<string, unknown>>;
      expect(lines.map((line) => line.id)).toEqual(expected.get(record.id));
    }
    expect((records[0]!.fields.line_items as unknown[])[1]).toEqual({
      id: expected.get(records[0]!.id)![1],
      name: 'Line 0.1',
      hs_product_id: product.id,
      quantity: '2',
      price: '350',
      hs_discount_percentage: '10',
    });

    // readByIds and the incremental search inline the same way: one line read for the call.
    crm.stats.reset();
    const byId = await client.readByIds('quote', [...expected.keys()]);
    expect(byId.map((r) => r.fields.line_items)).toEqual(records.map((r) => r.fields.line_items));
    expect(calls('POST /crm/v3/objects/line_items/batch/read')).toBe(1);
    expect(calls('POST /crm/v4/associations/quotes/line_items/batch/read')).toBe(1);
  });

  it('listChanges since a cursor also returns records archived since then, flagged archived, and no older archive', async () => {
    const [old, gone, edited] = crm.seeded!.dealIds as [string, string, string];
    crm.store.archive('deals', old);
    const cursor = cursorNow();
    const { records } = await drain('deal', cursor, 2);
    expect(records).toEqual([]);

    await client.upsertBatch('deal', [{ key: edited, id: edited, fields: { dealstage: 'closedwon' } }]);
    const [archived] = await client.archiveByIds('deal', [gone]);
    expect(archived).toMatchObject({ key: gone, ok: true, record: { id: gone, archived: true } });
    const changes = (await drain('deal', cursor, 2)).records;
    expect(changes.map((r) => [r.id, r.archived ?? false])).toEqual([
      [edited, false],
      [gone, true],
    ]);
    const gonePage = changes[1]!;
    expect(gonePage.updatedAt).toBe(crm.store.get('deals', gone)!.archivedAt);
    expect(gonePage.updatedAt >= cursor).toBe(true);
    Deal.parse(gonePage.fields);
    expect(gonePage.associations?.company).toEqual(crm.store.associations('deals', gone, 'companies'));

    // The initial load lists live records only.
    const initial = (await drain('deal', null)).records.map((r) => r.id);
    expect(initial).toContain(edited);
    expect(initial).not.toContain(gone);
    expect(initial).not.toContain(old);
  });

  it('a merge shows up as the merged company archived and the survivor carrying hs_merged_object_ids', async () => {
    const [primary, other] = crm.seeded!.companyIds.slice(3, 5) as [string, string];
    const cursor = cursorNow();
    const response = await fetch(`${crm.url}/crm/v3/objects/companies/merge`, {
      method: 'POST',
      headers: { authorization: 'Bearer full', 'content-type': 'application/json' },
      body: JSON.stringify({ primaryObjectId: primary, objectIdToMerge: other }),
    });
    expect(response.status).toBe(200);
    const changes = (await drain('company', cursor)).records;
    expect(changes.find((r) => r.id === primary)).toMatchObject({ fields: { hs_merged_object_ids: other } });
    expect(changes.find((r) => r.id === other)).toMatchObject({ archived: true });
  });

  it('archiveByIds archives in batches of the page size, one result per id, and fails each id of a refused call', async () => {
    const tickets = Array.from({ length: 30 }, (_, i) => crm.store.create('tickets', { subject: `t${i}` }).id);
    const results = await client.archiveByIds('ticket', [...tickets, '987654321']);
    expect(results.map((r) => r.key)).toEqual([...tickets, '987654321']);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(calls('POST /crm/v3/objects/tickets/batch/archive')).toBe(2);
    expect(tickets.every((id) => crm.store.get('tickets', id)!.archived)).toBe(true);

    const denied = createCrmClient({ baseUrl: crm.url, token: 'noTickets', retries: 0 });
    try {
      const live = crm.seeded!.ticketIds.slice(0, 2);
      const refused = await denied.archiveByIds('ticket', live);
      expect(refused.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['permission_denied', 'permission_denied']);
      expect(live.every((id) => !crm.store.get('tickets', id)!.archived)).toBe(true);
    } finally {
      await denied.close();
    }
  });

  it('describeEntity marks system properties read-only but not the app-owned erp_* ones the bridge writes', async () => {
    const deal = await client.describeEntity('deal');
    const field = (name: string) => deal.fields.find((f) => f.name === name);
    expect(field('hs_object_id')?.readOnly).toBe(true);
    expect(field('erp_order_number')).toBeDefined();
    expect(field('erp_order_number')?.readOnly).toBeUndefined();
    expect(field('dealtype')).toMatchObject({
      type: 'enumeration',
      options: ['newbusiness', 'existingbusiness', 'renewal'],
    });
    const [written] = await client.upsertBatch('deal', [
      { key: 'd', id: crm.seeded!.dealIds[3]!, fields: { erp_order_number: 'SO-1001', erp_amount_due: 125.5 } },
    ]);
    expect(written).toMatchObject({
      ok: true,
      record: { fields: { erp_order_number: 'SO-1001', erp_amount_due: '125.5' } },
    });
  });

  it('searchByKeys finds a product by hs_sku and lists tickets (CRM-only records are still readable)', async () => {
    const sku = `SKU-${process.pid}`;
    const created = crm.store.create('products', { name: 'Helmet', hs_sku: sku, price: '40' });
    const found = await client.searchByKeys('product', { hs_sku: sku });
    expect(found.map((r) => r.id)).toEqual([created.id]);
    const tickets = (await drain('ticket', null)).records;
    expect(tickets.length).toBeGreaterThanOrEqual(20);
    expect(tickets[0]!.associations?.company).toHaveLength(1);
  });
});
