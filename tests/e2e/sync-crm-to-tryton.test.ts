import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrytonClient, type TrytonClient } from '../../connectors/tryton/client/create-tryton-client';
import { loadEnv } from '../../src/config/env';
import { bindFlows, entityCatalog } from '../../src/engine';
import { replayDlq } from '../../src/engine/dlq-replay';
import { type RunningBridge, startBridge } from '../../src/main';
import { loadMappings } from '../../src/mapping/load-mappings';
import { createLogger } from '../../src/observability/logger';
import { crmQuoteScene } from '../support/crm-quote-scene';
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
  const crm = () => crmQuoteScene(bridge.crmUrl);
  const salesOf = (quote: string) => client.searchByKeys('sale', { reference: quote });
  const crmProduct = async (code: string) => {
    const variant = variants.get(code)!;
    return (await bridge.store.findXrefs('product', 'erp', [variant])).get(variant)!.crmId;
  };
  /** The first CRM company and the Tryton party it became. */
  const customer = async () => {
    const company = (await crm().api.get('/crm/v3/objects/companies?limit=1')).body.results[0].id as string;
    return { company, party: (await bridge.store.findXrefs('company', 'crm', [company])).get(company)!.erpId };
  };
  const line = async (code: string, quantity: string, price: string) => ({
    name: CATALOG.find((c) => c.code === code)?.name ?? code,
    productId: await crmProduct(code),
    quantity,
    price,
  });

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
    for (const [code, variant] of variants) {
      const pair = (await bridge.store.findXrefs('product', 'erp', [variant])).get(variant);
      if (code === 'SPARE-1') {
        expect(pair).toBeUndefined();
        continue;
      }
      const product = await crm().props('products', pair!.crmId, ['name', 'hs_sku', 'price']);
      const expected = CATALOG.find((c) => c.code === code)!;
      expect(product).toMatchObject({
        name: expected.name.replace(/\s+/g, ' '),
        hs_sku: code,
        price: String(Number(expected.listPrice)),
      });
    }
  });

  it('turns an accepted quote into exactly one confirmed Tryton sale, shows its state on the deal, and never makes a second', async () => {
    const { company, party } = await customer();
    const { props, patch } = crm();
    const { deal, quote } = await crm().quote(company, 'Bikes for Tryton', [
      await line('BIKE-1', '2', '350'),
      await line('HELM-1', '1', '40.50'),
    ]);
    const draft = await bridge.engine.syncAll('manual');
    expect(run(draft, 'quotes-to-sales')).toMatchObject({ created: 0, failed: 0 });
    expect(await salesOf(quote)).toEqual([]);

    await patch('quotes', quote, { hs_status: 'ACCEPTED' });
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
    await patch('quotes', quote, { hs_title: 'Bikes for Tryton (signed)' });
    const replayed = await bridge.engine.syncAll('manual');
    expect(run(replayed, 'quotes-to-sales')).toMatchObject({ created: 0, failed: 0 });
    expect((await salesOf(quote)).map((s) => s.id)).toEqual([sale!.id]);

    // A lost answer: Tryton committed the sale of a second quote but the bridge never heard
    // back, so it has no pair. The lookup by reference before the create finds and links it.
    const second = await crm().quote(company, 'More bikes', [await line('BIKE-1', '2', '350')]);
    await patch('quotes', second.quote, { hs_status: 'ACCEPTED' });
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

  it('a sale Tryton confirmed but could not process is dead-lettered, and the replay after the fix links it, never a second', async () => {
    // A product without an accounting category: confirm succeeds, the invoice it triggers cannot.
    const [gift] = await client.upsertBatch('product', [
      { key: 'gift', fields: { name: 'Gift card', code: 'GIFT-1', listPrice: '25.00' } },
    ]);
    if (!gift?.ok) throw gift?.error;
    variants.set('GIFT-1', gift.record.id);
    expect(run(await bridge.engine.syncAll('manual'), 'products-to-products')).toMatchObject({ created: 1 });
    const { company } = await customer();
    const { props, patch } = crm();
    const { deal, quote } = await crm().quote(company, 'Gift cards', [await line('GIFT-1', '4', '25')]);
    await patch('quotes', quote, { hs_status: 'ACCEPTED' });

    const failed = await bridge.engine.syncAll('manual');
    expect(run(failed, 'quotes-to-sales')).toMatchObject({ created: 0, failed: 1 });
    const [stuck, ...more] = await salesOf(quote);
    expect(more).toEqual([]);
    expect(stuck!.fields.state).toBe('confirmed');
    const [dead] = (await bridge.dlq.list({ flow: 'quotes-to-sales' })).items;
    expect(dead).toMatchObject({ sourceId: quote, errorCode: 'validation_failed' });
    expect(dead!.errorMessage).toContain('not processed');
    expect(await props('quotes', quote, ['erp_sync_status'])).toMatchObject({ erp_sync_status: 'REJECTED' });

    // Someone gives the product its category and processes the sale in Tryton, then replays.
    const [goods] = await client.rpc.model<number[]>('product.category', 'search', [
      [['name', '=', 'Goods']],
      0,
      1,
      null,
    ]);
    const fixed = await client.upsertBatch('product', [
      { key: 'fix', id: gift.record.id, fields: { accountCategoryId: String(goods) } },
    ]);
    expect(fixed[0]?.ok).toBe(true);
    await client.rpc.model('sale.sale', 'process', [[Number(stuck!.id)]]);
    // The replay the CLI (`bridge dlq replay`) and the admin API run, on the bridge's own flows.
    const flows = bindFlows(loadMappings('mappings/tryton', entityCatalog(bridge.registry)), bridge.registry);
    const deps = { store: bridge.store, dlq: bridge.dlq, flows, failures: bridge.engine.failures };
    const report = await replayDlq(deps, { filter: { flow: 'quotes-to-sales' } }, 'as-is');
    expect(report.replayed).toEqual([dead!.id]);
    expect((await salesOf(quote)).map((s) => s.id)).toEqual([stuck!.id]);
    expect((await bridge.store.findXrefs('quote', 'crm', [quote])).get(quote)?.erpId).toBe(stuck!.id);
    expect(await props('quotes', quote, ['erp_sync_status'])).toMatchObject({ erp_sync_status: 'SYNCED' });
    // The replay paired the deal with the sale too (alsoLink on a record found by reference).
    // Known gap: the replay's write answered the processed sale, so the engine's echo memory
    // takes that version for the bridge's own and sales-to-deals skips it until Tryton changes
    // the sale again (see the report: echo by timestamp ignores fields the bridge never wrote).
    expect((await bridge.store.findXrefs('deal', 'crm', [deal])).get(deal)?.erpId).toBe(stuck!.id);
    await bridge.engine.syncAll('manual');
    expect((await salesOf(quote)).map((s) => s.id)).toEqual([stuck!.id]);
  }, 120_000);
});
