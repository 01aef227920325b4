import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmTestApi } from '../../connectors/mock-crm/server/crm-test-api';
import { createTrytonClient, type TrytonClient } from '../../connectors/tryton/client/create-tryton-client';
import { loadEnv } from '../../src/config/env';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';
import { type RunningTryton, startTryton } from '../support/tryton/start-tryton';

const COMPANIES = 25;
const silent = createLogger({ level: 'error' });
/** Tryton's catalog before the bridge starts: two salable products and one that is not. */
const CATALOG = [
  { name: 'Road  Bicycle', code: 'BIKE-1', listPrice: '350.00' },
  { name: 'Helmet', code: 'HELM-1', listPrice: '40.50' },
  { name: 'Spare part (internal)', code: 'SPARE-1', listPrice: '1.00', salable: false },
];

describe('CRM <-> a real Tryton, ERP selected by configuration (ERP_CONNECTOR=tryton)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-tryton-e2e-'));
  let tryton: RunningTryton;
  let bridge: RunningBridge;
  let client: TrytonClient;
  /** Tryton variant id by product code. */
  const variants = new Map<string, string>();

  beforeAll(async () => {
    tryton = await startTryton();
    client = createTrytonClient({ ...tryton.config });
    // Sales are invoiced on order: Tryton takes the revenue account from the product's category.
    const [goods] = await client.rpc.model<number[]>('product.category', 'search', [
      [['name', '=', 'Goods']],
      0,
      1,
      null,
    ]);
    const created = await client.upsertBatch(
      'product',
      CATALOG.map((fields, i) => ({ key: String(i), fields: { ...fields, accountCategoryId: String(goods) } })),
    );
    for (const result of created) {
      if (!result.ok) throw result.error;
      variants.set(String(result.record.fields.code), result.record.id);
    }
    const env = loadEnv({
      DATABASE_PATH: join(dir, 'bridge.db'),
      PORT: '0',
      MOCK_CRM_PORT: '0',
      SEED_COMPANIES: String(COMPANIES),
      SEED_CONTACTS: '0',
      SYNC_ONCE: 'true',
      ERP_CONNECTOR: 'tryton',
      TRYTON_URL: tryton.url,
      TRYTON_DB: tryton.database,
      TRYTON_USER: tryton.admin.username,
      TRYTON_PASSWORD: tryton.admin.password,
      MAPPINGS_DIR: 'mappings/tryton',
    });
    bridge = await startBridge(env, silent);
  }, 300_000);
  afterAll(async () => {
    await client?.close();
    await bridge?.stop();
    await tryton?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (runs: { flow: string }[], flow: string) => runs.find((r) => r.flow === flow);

  it('creates one Tryton party per CRM company, and a second sync changes nothing', async () => {
    expect(run(bridge.initialRuns, 'companies-to-customers')).toMatchObject({
      status: 'succeeded',
      read: COMPANIES,
      created: COMPANIES,
      failed: 0,
    });
    const parties: { id: string; fields: Record<string, unknown> }[] = [];
    let pageToken: string | undefined;
    do {
      const page = await client.listChanges({ entity: 'customer', since: null, ...(pageToken ? { pageToken } : {}) });
      parties.push(...page.records);
      pageToken = page.nextPageToken;
    } while (pageToken);
    // The company party from the set-up, plus one per CRM company.
    expect(parties).toHaveLength(COMPANIES + 1);
    const synced = parties.filter((p) => p.fields.displayName !== 'Bridge Test Company');
    for (const party of synced) {
      expect(party.fields.displayName).toMatch(/^\S(.*\S)?$/);
      expect(String(party.fields.displayName)).not.toMatch(/\s{2}/);
    }
    const again = await bridge.engine.syncAll('manual');
    expect(run(again, 'companies-to-customers')).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });

  it('creates a CRM product per salable Tryton product, paired with its variant', async () => {
    expect(run(bridge.initialRuns, 'products-to-products')).toMatchObject({ status: 'succeeded', created: 2 });
    const api = crmTestApi({ url: bridge.crmUrl });
    for (const [code, variant] of variants) {
      const pair = (await bridge.store.findXrefs('product', 'erp', [variant])).get(variant);
      if (code === 'SPARE-1') {
        expect(pair).toBeUndefined();
        continue;
      }
      const product = await api.get(`/crm/v3/objects/products/${pair!.crmId}?properties=name,hs_sku,price`);
      const expected = CATALOG.find((c) => c.code === code)!;
      expect(product.body.properties).toMatchObject({
        name: expected.name.replace(/\s+/g, ' '),
        hs_sku: code,
        price: String(Number(expected.listPrice)),
      });
    }
  });

  it('turns an accepted quote into exactly one confirmed Tryton sale, shows its state on the deal, and never makes a second', async () => {
    const api = crmTestApi({ url: bridge.crmUrl });
    const create = async (type: string, properties: Record<string, unknown>, associations: unknown[] = []) => {
      const response = await api.post(`/crm/v3/objects/${type}`, { properties, associations });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.id as string;
    };
    const link = (id: string, typeId: number) => ({
      to: { id },
      types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
    });
    const props = async (type: string, id: string, names: string[]) =>
      (await api.get(`/crm/v3/objects/${type}/${id}?properties=${names.join(',')}`)).body.properties;
    const crmProduct = async (code: string) => {
      const variant = variants.get(code)!;
      return (await bridge.store.findXrefs('product', 'erp', [variant])).get(variant)!.crmId;
    };
    const salesOf = (quote: string) => client.searchByKeys('sale', { reference: quote });
    const company = (await api.get('/crm/v3/objects/companies?limit=1')).body.results[0].id as string;
    const party = (await bridge.store.findXrefs('company', 'crm', [company])).get(company)!.erpId;
    /** A deal of the company with a quote on it, lines for the bicycle (and the helmet). */
    const quoteScene = async (title: string, withHelmet: boolean) => {
      const deal = await create('deals', { dealname: title, pipeline: 'default', dealstage: 'contractsent' }, [
        link(company, 341),
      ]);
      const lines = [
        await create('line_items', {
          name: 'Road Bicycle',
          hs_product_id: await crmProduct('BIKE-1'),
          quantity: '2',
          price: '350',
        }),
      ];
      if (withHelmet) {
        lines.push(
          await create('line_items', {
            name: 'Helmet',
            hs_product_id: await crmProduct('HELM-1'),
            quantity: '1',
            price: '40.50',
          }),
        );
      }
      const quote = await create('quotes', { hs_title: title, hs_status: 'DRAFT', hs_currency: 'EUR' }, [
        link(deal, 64),
        link(company, 71),
        ...lines.map((id) => link(id, 67)),
      ]);
      return { deal, quote };
    };

    const { deal, quote } = await quoteScene('Bikes for Tryton', true);
    const draft = await bridge.engine.syncAll('manual');
    expect(run(draft, 'quotes-to-sales')).toMatchObject({ created: 0, failed: 0 });
    expect(await salesOf(quote)).toEqual([]);

    expect((await api.patch(`/crm/v3/objects/quotes/${quote}`, { properties: { hs_status: 'ACCEPTED' } })).status).toBe(
      200,
    );
    const accepted = await bridge.engine.syncAll('manual');
    expect(run(accepted, 'quotes-to-sales')).toMatchObject({ status: 'succeeded', created: 1, failed: 0 });
    const [sale, ...others] = await salesOf(quote);
    expect(others).toEqual([]);
    // Read back from Tryton: quoted, confirmed and processed, not merely "confirm answered".
    expect(sale!.fields).toMatchObject({ reference: quote, customerId: party, state: 'processing' });
    const lines = (sale!.fields.lines as { productId: string; quantity: number; unitPrice: string }[]).map((l) => [
      l.productId,
      l.quantity,
      Number(l.unitPrice),
    ]);
    expect(lines).toEqual([
      [variants.get('BIKE-1'), 2, 350],
      [variants.get('HELM-1'), 1, 40.5],
    ]);
    expect(Number(sale!.fields.totalAmount)).toBe(740.5);
    expect(await props('quotes', quote, ['erp_sync_status', 'erp_order_number'])).toMatchObject({
      erp_sync_status: 'SYNCED',
      erp_order_number: sale!.fields.number,
    });
    expect((await bridge.store.findXrefs('deal', 'crm', [deal])).get(deal)?.erpId).toBe(sale!.id);
    expect(run(accepted, 'sales-to-deals')).toMatchObject({ updated: 1, failed: 0 });
    expect(await props('deals', deal, ['erp_order_number', 'erp_order_status', 'erp_invoice_status'])).toMatchObject({
      erp_order_number: sale!.fields.number,
      erp_order_status: 'processing',
      // Invoiced on order: a draft invoice exists, waiting to be posted and paid.
      erp_invoice_status: 'waiting',
    });

    // The quote changes again after it was pushed: create-once writes nothing, no second sale.
    await api.patch(`/crm/v3/objects/quotes/${quote}`, { properties: { hs_title: 'Bikes for Tryton (signed)' } });
    const replayed = await bridge.engine.syncAll('manual');
    expect(run(replayed, 'quotes-to-sales')).toMatchObject({ created: 0, failed: 0 });
    expect((await salesOf(quote)).map((s) => s.id)).toEqual([sale!.id]);

    // A lost answer: Tryton committed the sale of a second quote but the bridge never heard
    // back, so it has no pair. The lookup by reference before the create finds and links it.
    const second = await quoteScene('More bikes', false);
    await api.patch(`/crm/v3/objects/quotes/${second.quote}`, { properties: { hs_status: 'ACCEPTED' } });
    const [lost] = await client.upsertBatch('sale', [
      {
        key: 'lost',
        fields: {
          reference: second.quote,
          customerId: party,
          invoiceMethod: 'manual',
          shipmentMethod: 'manual',
          lines: [{ productId: variants.get('BIKE-1')!, quantity: 2, unitPrice: '350' }],
        },
      },
    ]);
    if (!lost?.ok) throw lost?.error;
    const found = await bridge.engine.syncAll('manual');
    expect(run(found, 'quotes-to-sales')).toMatchObject({ created: 0, failed: 0 });
    expect((await salesOf(second.quote)).map((s) => s.id)).toEqual([lost.record.id]);
    expect((await bridge.store.findXrefs('quote', 'crm', [second.quote])).get(second.quote)?.erpId).toBe(
      lost.record.id,
    );
    expect(await props('quotes', second.quote, ['erp_order_number'])).toMatchObject({
      erp_order_number: lost.record.fields.number,
    });
  }, 120_000);
});
