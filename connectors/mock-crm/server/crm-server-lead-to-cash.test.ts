import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCrmScopes } from './create-crm-app';
import { uniquePropertiesOf } from './crm-schemas';
import { CrmStore } from './crm-store';
import { crmTestApi } from './crm-test-api';
import { seedCrm } from './seed-crm';
import { type RunningCrmServer, startCrmServer } from './start-crm-server';

describe('mock CRM lead-to-cash objects (real HTTP)', () => {
  let crm: RunningCrmServer;
  let api: ReturnType<typeof crmTestApi>;

  beforeAll(async () => {
    crm = await startCrmServer({
      seed: { companies: 15, contacts: 20, seed: 3 },
      tokens: {
        'dev-crm-token': 'all',
        dealsOnly: ['crm.objects.deals.read', 'crm.objects.deals.write'],
        ecommerce: ['e-commerce'],
      },
    });
    api = crmTestApi(crm);
  });
  afterAll(() => crm.close());

  const create = async (type: string, properties: Record<string, unknown>, associations: unknown[] = []) => {
    const response = await api.post(`/crm/v3/objects/${type}`, { properties, associations });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  };
  const link = (id: string, typeId: number) => ({
    to: { id },
    types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
  });

  it('describes deal and quote properties: default pipeline stages, enumerations, erp_* read-only for people', async () => {
    const deals = await api.get('/crm/v3/properties/deals');
    const byName = new Map((deals.body.results as Array<{ name: string }>).map((p) => [p.name, p]));
    expect(byName.get('dealstage')).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    const stages = (byName.get('dealstage') as unknown as { options: Array<{ value: string }> }).options;
    expect(stages.map((o) => o.value)).toContain('closedwon');
    expect(byName.get('billing_frequency')).toMatchObject({
      options: expect.arrayContaining([expect.objectContaining({ value: 'quarterly' })]),
    });
    expect(byName.get('erp_order_number')).toMatchObject({
      hubspotDefined: false,
      modificationMetadata: { readOnlyValue: true },
    });
    expect(byName.get('dealname')).toMatchObject({
      hubspotDefined: true,
      modificationMetadata: { readOnlyValue: false },
    });
    const companies = await api.get('/crm/v3/properties/companies');
    const credit = (companies.body.results as Array<{ name: string }>).find((p) => p.name === 'erp_credit_limit');
    expect(credit).toMatchObject({ type: 'number', modificationMetadata: { readOnlyValue: true } });
    const quotes = await api.get('/crm/v3/properties/quotes');
    const sync = (quotes.body.results as Array<{ name: string; options: Array<{ value: string }> }>).find(
      (p) => p.name === 'erp_sync_status',
    )!;
    expect(sync.options.map((o) => o.value)).toEqual(['PENDING', 'SYNCED', 'REJECTED', 'PRICE_MISMATCH']);
  });

  it('lets the API token write erp_* properties, but refuses system read-only ones and bad options', async () => {
    const company = crm.seeded!.companyIds[0]!;
    const ok = await api.patch(`/crm/v3/objects/companies/${company}`, {
      properties: { erp_credit_limit: '50000', erp_payment_terms: 'NET30' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.properties).toMatchObject({ erp_credit_limit: '50000', erp_payment_terms: 'NET30' });
    const merged = await api.patch(`/crm/v3/objects/companies/${company}`, {
      properties: { hs_merged_object_ids: '1' },
    });
    expect(merged.body.errors[0].code).toBe('READ_ONLY_VALUE');
    const deal = await api.post('/crm/v3/objects/deals', { properties: { dealname: 'X', dealstage: 'won-ish' } });
    expect(deal.status).toBe(400);
    expect(deal.body.errors[0]).toMatchObject({ code: 'INVALID_OPTION', context: { propertyName: ['dealstage'] } });
  });

  it('creates a quote with its deal, company and line items in one call, and moves it to ACCEPTED by PATCH', async () => {
    const company = crm.seeded!.companyIds[1]!;
    const deal = await create('deals', { dealname: 'Bikes', pipeline: 'default', dealstage: 'contractsent' }, [
      link(company, 341),
    ]);
    const product = await create('products', { name: 'Bicycle', hs_sku: '1000', price: '350' });
    const lines = [
      await create('line_items', { name: 'Bicycle', hs_product_id: product, quantity: '2', price: '350' }, [
        link(deal, 20),
      ]),
      await create('line_items', { name: 'Helmet', quantity: '1', price: '40', hs_discount_percentage: '10' }),
    ];
    const quote = await create('quotes', { hs_title: 'Q-1', hs_status: 'DRAFT', hs_currency: 'USD' }, [
      link(deal, 64),
      link(company, 71),
      ...lines.map((id) => link(id, 67)),
    ]);
    expect(crm.store.associations('quotes', quote, 'line_items')).toEqual(lines);
    expect(crm.store.associations('deals', deal, 'quotes')).toEqual([quote]);
    expect(crm.store.associations('companies', company, 'deals')).toContain(deal);
    const v4 = await api.get(`/crm/v4/objects/quotes/${quote}/associations/line_items`);
    expect(v4.body.results[0].associationTypes[0].typeId).toBe(67);
    const listed = await api.get(`/crm/v3/objects/quotes/${quote}?associations=deals,companies,line_items`);
    expect(listed.body.associations.line_items.results).toEqual(
      lines.map((id) => ({ id, type: 'quote_to_line_item' })),
    );

    const accepted = await api.patch(`/crm/v3/objects/quotes/${quote}`, { properties: { hs_status: 'ACCEPTED' } });
    expect(accepted.body.properties.hs_status).toBe('ACCEPTED');
    const wrongType = await api.post('/crm/v3/objects/quotes', { properties: {}, associations: [link(deal, 341)] });
    expect(wrongType.status).toBe(400);
  });

  it('answers 403 MISSING_SCOPES with HubSpot scope names: e-commerce for products and line items, tickets', async () => {
    expect((await api.get('/crm/v3/objects/deals', 'dealsOnly')).status).toBe(200);
    const products = await api.get('/crm/v3/objects/products', 'dealsOnly');
    expect(products.status).toBe(403);
    expect(products.body.errors[0].context.requiredGranularScopes).toEqual(['e-commerce']);
    expect((await api.post('/crm/v3/objects/line_items', { properties: { name: 'x' } }, 'ecommerce')).status).toBe(201);
    const tickets = await api.get('/crm/v3/objects/tickets', 'ecommerce');
    expect(tickets.status).toBe(403);
    expect(tickets.body.errors[0].context.requiredGranularScopes).toEqual(['tickets']);
    expect(allCrmScopes()).toEqual(expect.arrayContaining(['e-commerce', 'tickets', 'crm.objects.quotes.write']));
    expect(allCrmScopes().filter((s) => s === 'e-commerce')).toHaveLength(1);
  });

  it('archives one by DELETE or many by batch/archive, and lists archived ones with archived=true', async () => {
    const ids = [await create('tickets', { subject: 'a' }), await create('tickets', { subject: 'b' })];
    const deal = await create('deals', { dealname: 'Gone' });
    expect((await api.delete(`/crm/v3/objects/deals/${deal}`)).status).toBe(204);
    const batch = await api.post('/crm/v3/objects/tickets/batch/archive', { inputs: ids.map((id) => ({ id })) });
    expect(batch.status).toBe(204);
    const live = await api.get('/crm/v3/objects/tickets?limit=100');
    expect(live.body.results.map((r: { id: string }) => r.id)).not.toContain(ids[0]);
    const archived = await api.get('/crm/v3/objects/tickets?archived=true&limit=100');
    expect(archived.body.results.map((r: { id: string }) => r.id)).toEqual(ids);
    expect(archived.body.results[0]).toMatchObject({ archived: true, archivedAt: expect.any(String) });
    const deals = await api.get('/crm/v3/objects/deals?archived=true');
    expect(deals.body.results.map((r: { id: string }) => r.id)).toEqual([deal]);
  });

  it('merges two companies: the other is archived, the survivor keeps every association and records the merged ids', async () => {
    const [primary, other, third] = crm.seeded!.companyIds.slice(5, 8) as [string, string, string];
    const deal = await create('deals', { dealname: 'On the duplicate' }, [link(other, 341)]);
    const ticket = await create('tickets', { subject: 'On both' }, [link(other, 339)]);
    crm.store.associate('tickets', ticket, 'companies', primary);
    const contactsBefore = new Set([
      ...crm.store.associations('companies', primary, 'contacts'),
      ...crm.store.associations('companies', other, 'contacts'),
    ]);
    const merge = await api.post('/crm/v3/objects/companies/merge', {
      primaryObjectId: primary,
      objectIdToMerge: other,
    });
    expect(merge.status).toBe(200);
    expect(merge.body).toMatchObject({ id: primary, properties: { hs_merged_object_ids: other } });
    expect(crm.store.get('companies', other)!.archived).toBe(true);
    expect(new Set(crm.store.associations('companies', primary, 'contacts'))).toEqual(contactsBefore);
    expect(crm.store.associations('companies', primary, 'deals')).toContain(deal);
    expect(crm.store.associations('tickets', ticket, 'companies')).toEqual([primary]);
    expect(crm.store.associations('deals', deal, 'companies')).toEqual([primary]);

    const again = await api.post('/crm/v3/objects/companies/merge', {
      primaryObjectId: third,
      objectIdToMerge: primary,
    });
    expect(again.body.properties.hs_merged_object_ids).toBe(`${primary};${other}`);
    expect(
      (await api.post('/crm/v3/objects/companies/merge', { primaryObjectId: third, objectIdToMerge: other })).status,
    ).toBe(404);
    expect(
      (await api.post('/crm/v3/objects/companies/merge', { primaryObjectId: third, objectIdToMerge: third })).status,
    ).toBe(400);
  });
});

describe('lead-to-cash seed', () => {
  const seeded = (options: Parameters<typeof seedCrm>[1]) => {
    const store = new CrmStore({ uniqueProperties: uniquePropertiesOf() });
    return { store, result: seedCrm(store, options) };
  };

  it('adds deals and tickets on seeded companies, no products, and leaves companies and contacts byte-identical', () => {
    const { store, result } = seeded({ companies: 40, contacts: 60, seed: 9 });
    const bare = seeded({ companies: 40, contacts: 60, seed: 9, deals: 0, tickets: 0 }).store.snapshot();
    const full = store.snapshot();
    expect(JSON.stringify(full.objects.companies)).toBe(JSON.stringify(bare.objects.companies));
    expect(JSON.stringify(full.objects.contacts)).toBe(JSON.stringify(bare.objects.contacts));
    expect(result.dealIds).toHaveLength(6);
    expect(result.ticketIds).toHaveLength(20);
    expect(full.objects.products).toBeUndefined();
    for (const id of [...result.dealIds, ...result.ticketIds]) {
      const type = result.dealIds.includes(id) ? 'deals' : 'tickets';
      expect(store.associations(type, id, 'companies')).toHaveLength(1);
    }
    expect(seeded({ companies: 40, contacts: 60, seed: 9 }).store.snapshot()).toEqual(full);
  });
});
