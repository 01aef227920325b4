import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UpsertItem } from '../../src/connectors';
import { bindFlows, entityCatalog, recordJobId, SyncEngine } from '../../src/engine';
import { replayDlq } from '../../src/engine/dlq-replay';
import { IntegrationError } from '../../src/errors';
import { compileMapping } from '../../src/mapping/compile-mapping';
import { loadFlowFile } from '../../src/mapping/load-flow-file';
import { createLogger } from '../../src/observability/logger';
import { MetricsRegistry } from '../../src/observability/metrics';
import { createJobQueue } from '../../src/queue/create-job-queue';
import { openDatabase, SqliteDlqRepository, SqliteStateStore } from '../../src/store';
import { leadToCashDoubles } from '../support/lead-to-cash-doubles';

type Refuse = (entity: string, item: UpsertItem) => IntegrationError | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The lead-to-cash flow files on the in-memory CRM and ERP, a real SQLite store and the embedded queue. */
async function bridge(files: string[], options: { refuse?: Refuse; refuseCrm?: Refuse; attempts?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-l2c-'));
  const state = openDatabase(join(dir, 'bridge.db'));
  const store = new SqliteStateStore(state);
  const dlq = new SqliteDlqRepository(state);
  const queue = createJobQueue({ state, name: 'l2c' });
  const doubles = leadToCashDoubles(options.refuse, options.refuseCrm);
  const catalog = entityCatalog(doubles.registry);
  const mappings = files.map((name) => {
    const { flow, problems } = loadFlowFile(`mappings/${name}.yaml`, catalog);
    expect(problems).toEqual([]);
    return { loaded: flow!, mapping: compileMapping(flow!) };
  });
  const flows = bindFlows(mappings, doubles.registry).map((f) =>
    options.attempts ? { ...f, retry: { attempts: options.attempts } } : f,
  );
  const metrics = new MetricsRegistry();
  const log = createLogger({ level: 'error' });
  const engine = new SyncEngine({ store, queue, flows, log, dlq, metrics });
  await engine.start();
  cleanups.push(async () => {
    await engine.stop();
    state.sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = await store.startRun('seed', 'test');
  /** Pairs written by flows that are not under test here (companies, products, orders). */
  const pair = (kind: string, crmId: string, erpId: string) =>
    store.commitPage({
      runId: run.id,
      flow: 'seed',
      kind,
      sourceSide: 'crm',
      links: [],
      alsoLinks: [{ kind, crmId, erpId }],
      history: [],
      counts: {},
      pageDone: false,
    });
  return { ...doubles, store, dlq, queue, engine, flows, metrics, pair, failures: engine.failures };
}

/** A bicycle at 100 in the ERP, its CRM product, a customer, a deal, and an accepted quote on them. */
async function quoteScene(b: Awaited<ReturnType<typeof bridge>>, quotedPrice = '100') {
  const item = b.erp.seed('item', { number: '1000', displayName: 'Bicycle', unitPrice: 100, inventory: 3 });
  const product = b.crm.seed('product', { name: 'Bicycle', price: '100' });
  const deal = b.crm.seed('deal', { dealname: 'Bikes for Acme' });
  await b.pair('company', 'c1', 'cust-1');
  await b.pair('product', product.id, item.id);
  const quote = b.crm.seed(
    'quote',
    {
      hs_status: 'ACCEPTED',
      hs_currency: 'EUR',
      createdate: '2026-03-02T10:00:00Z',
      line_items: [{ id: 'l1', name: 'Bicycle', hs_product_id: product.id, quantity: '2', price: quotedPrice }],
    },
    { company: ['c1'], deal: [deal.id] },
  );
  quote.fields.hs_object_id = quote.id;
  return { item, product, deal, quote };
}

const orders = (b: Awaited<ReturnType<typeof bridge>>) => [...b.erp.records('salesOrder').values()];

describe('lead-to-cash flow features (in-memory CRM and ERP, real SQLite store and queue)', () => {
  it('creates one order per accepted quote, links its deal (alsoLink) and writes the outcome back onto the quote', async () => {
    const b = await bridge(['quotes-to-sales-orders']);
    const { quote, deal } = await quoteScene(b);

    const [run] = await b.engine.syncAll('test');
    expect(run).toMatchObject({ status: 'succeeded', created: 1, failed: 0 });
    const [order] = orders(b);
    expect(orders(b)).toHaveLength(1);
    expect(order!.fields).toMatchObject({ externalDocumentNumber: quote.id, customerId: 'cust-1' });
    expect((await b.store.findXrefs('deal', 'crm', [deal.id])).get(deal.id)?.erpId).toBe(order!.id);
    const written = b.crm.records('quote').get(quote.id)!;
    expect(written.fields).toMatchObject({
      erp_sync_status: 'SYNCED',
      erp_order_number: `SO${order!.id}`,
      erp_sync_message: `ERP sales order SO${order!.id} created`,
    });

    // The write-back changed the quote, so the next poll reads it again: it must look unchanged
    // at the first comparison (not re-mapped, its pair not even touched).
    const link = (await b.store.findXrefs('quote', 'crm', [quote.id])).get(quote.id);
    const [again] = await b.engine.syncAll('test');
    expect((await b.store.findXrefs('quote', 'crm', [quote.id])).get(quote.id)).toEqual(link);
    expect(again).toMatchObject({ status: 'succeeded', read: 1, unchanged: 1, created: 0, updated: 0 });
    expect(orders(b)).toHaveLength(1);
    expect(b.crm.records('quote').get(quote.id)!.updatedAt).toBe(written.updatedAt);
  });

  it('refuses a quote whose price differs from the ERP price: nothing written, DLQ and quote say why', async () => {
    const b = await bridge(['quotes-to-sales-orders']);
    const { quote, deal } = await quoteScene(b, '90');

    const [run] = await b.engine.syncAll('test');
    expect(run).toMatchObject({ failed: 1, created: 0 });
    expect(orders(b)).toEqual([]);
    expect((await b.store.findXrefs('deal', 'crm', [deal.id])).size).toBe(0);
    const [item] = (await b.dlq.list({ flow: 'quotes-to-sales-orders' })).items;
    expect(item).toMatchObject({ sourceId: quote.id, errorCode: 'price_mismatch' });
    expect(item!.errorMessage).toContain('line 1: item 1000 "Bicycle" is priced 90 on the quote but 100 in the ERP');
    const fed = b.crm.records('quote').get(quote.id)!;
    expect(fed.fields).toMatchObject({ erp_sync_status: 'PRICE_MISMATCH', erp_sync_message: item!.errorMessage });

    // Failing again writes nothing back (same values), so the write-back cannot keep the quote
    // bouncing between the systems; the DLQ keeps one item for it.
    await b.engine.syncAll('test');
    expect(b.crm.records('quote').get(quote.id)!.updatedAt).toBe(fed.updatedAt);
    expect((await b.dlq.list({ flow: 'quotes-to-sales-orders' })).total).toBe(1);
  });

  it('a quote the ERP refused is replayed after the fix into exactly one order', async () => {
    let creditBlocked = true;
    const refuse: Refuse = (entity) =>
      entity === 'salesOrder' && creditBlocked
        ? new IntegrationError('validation_failed', 'Customer Acme is over its credit limit of 1000.00.', {
            status: 400,
          })
        : undefined;
    const b = await bridge(['quotes-to-sales-orders'], { refuse });
    const { quote } = await quoteScene(b);

    await b.engine.syncAll('test');
    expect(orders(b)).toEqual([]);
    expect(b.crm.records('quote').get(quote.id)!.fields).toMatchObject({
      erp_sync_status: 'REJECTED',
      erp_sync_message: 'Customer Acme is over its credit limit of 1000.00.',
    });

    creditBlocked = false;
    const deps = { store: b.store, dlq: b.dlq, flows: b.flows, failures: b.failures };
    const first = await replayDlq(deps, { filter: { flow: 'quotes-to-sales-orders' } }, 'as-is');
    expect(first.replayed).toHaveLength(1);
    expect(orders(b)).toHaveLength(1);
    expect(b.crm.records('quote').get(quote.id)!.fields.erp_sync_status).toBe('SYNCED');
    // A second replay of the same item (all statuses) and a poll find the order instead of adding one.
    await replayDlq(deps, { filter: { flow: 'quotes-to-sales-orders', status: 'all' } }, 'as-is');
    await b.engine.syncAll('test');
    expect(orders(b)).toHaveLength(1);
  });

  it('looks a create-once create up by external reference first: an order already in the ERP is linked', async () => {
    const b = await bridge(['quotes-to-sales-orders']);
    const { quote } = await quoteScene(b);
    // The ERP committed an earlier attempt whose answer was lost.
    const lost = b.erp.seed('salesOrder', {
      externalDocumentNumber: quote.id,
      customerId: 'cust-1',
      number: 'SO-LOST',
    });

    const [run] = await b.engine.syncAll('test');
    // Linked as found, not written again (a PATCH with lines would be refused by BC).
    expect(run).toMatchObject({ created: 0, updated: 0, unchanged: 1, failed: 0 });
    expect(orders(b).map((o) => o.id)).toEqual([lost.id]);
    expect(orders(b)[0]!.fields).not.toHaveProperty('salesOrderLines');
    expect((await b.store.findXrefs('quote', 'crm', [quote.id])).get(quote.id)?.erpId).toBe(lost.id);
    expect(b.crm.records('quote').get(quote.id)!.fields.erp_order_number).toBe('SO-LOST');
  });

  it('a quote whose job died (the ERP stayed unreachable) is told so too', async () => {
    const refuse: Refuse = (entity) => {
      if (entity === 'salesOrder') throw new IntegrationError('transport', 'ERP unreachable', { retryable: true });
      return undefined;
    };
    const b = await bridge(['quotes-to-sales-orders'], { refuse, attempts: 1 });
    const { quote } = await quoteScene(b);

    const [run] = await b.engine.syncAll('test');
    expect(run).toMatchObject({ failed: 1, created: 0 });
    await expect.poll(() => b.crm.records('quote').get(quote.id)!.fields.erp_sync_status).toBe('REJECTED');
    expect(b.crm.records('quote').get(quote.id)!.fields.erp_sync_message).toContain('ERP unreachable');
  });

  it('a failed write-back is counted and never loses the order', async () => {
    const refuseCrm: Refuse = (entity) =>
      entity === 'quote'
        ? new IntegrationError('permission_denied', 'missing scope crm.objects.quotes.write')
        : undefined;
    const b = await bridge(['quotes-to-sales-orders'], { refuseCrm });
    const { quote } = await quoteScene(b);

    const [run] = await b.engine.syncAll('test');
    expect(run).toMatchObject({ status: 'succeeded', created: 1 });
    expect((await b.store.findXrefs('quote', 'crm', [quote.id])).get(quote.id)?.erpId).toBe(orders(b)[0]!.id);
    expect(b.metrics.total('feedback_failures_total', { flow: 'quotes-to-sales-orders' })).toBe(1);
  });

  it('carries order, invoice and payment status to the deal through target.id links', async () => {
    const b = await bridge(['orders-to-deals', 'invoices-to-deals', 'payments-to-deals'], { attempts: 1 });
    const deal = b.crm.seed('deal', { dealname: 'Bikes for Acme' });
    const order = b.erp.seed('salesOrder', { number: 'SO1', status: 'Released', externalDocumentNumber: 'q1' });
    await b.pair('deal', deal.id, order.id); // what quotes-to-sales-orders' alsoLink wrote
    const invoice = b.erp.seed('salesInvoice', {
      number: 'INV1',
      orderId: order.id,
      status: 'Paid',
      totalAmountIncludingTax: 200,
      remainingAmount: 0,
    });
    b.erp.seed('customerPayment', { appliesToInvoiceId: invoice.id, postingDate: '2026-03-10T09:00:00Z', amount: 200 });
    // An invoice of an order no deal is paired with: retried, then dead-lettered with the reason.
    const stray = b.erp.seed('salesInvoice', { number: 'INV2', orderId: 'unknown-order', status: 'Open' });

    const runs = await b.engine.syncAll('test');
    expect(runs.map((r) => [r.flow, r.updated, r.failed])).toEqual([
      ['orders-to-deals', 1, 0],
      ['invoices-to-deals', 1, 1],
      ['payments-to-deals', 1, 0],
    ]);
    expect(b.crm.records('deal').get(deal.id)!.fields).toMatchObject({
      erp_order_number: 'SO1',
      erp_order_status: 'Released',
      erp_invoice_number: 'INV1',
      erp_invoice_status: 'Paid',
      erp_amount_due: '0',
      erp_payment_status: 'Paid',
      erp_last_payment_date: '2026-03-10',
    });
    expect((await b.store.findXrefs('invoice', 'erp', [invoice.id])).get(invoice.id)?.crmId).toBe(deal.id);
    const [dead] = (await b.dlq.list({ flow: 'invoices-to-deals' })).items;
    expect(dead).toMatchObject({ sourceId: stray.id, errorCode: 'reference_unresolved' });
    expect(dead!.errorMessage).toContain('orderId unknown-order has no "deal" link yet');
  });

  it('one job per record version: the same quote version queued twice is one job', async () => {
    const b = await bridge([]);
    const id = recordJobId('quotes-to-sales-orders', '42', '2026-03-02T10:00:00.000Z');
    expect(id).not.toContain(':');
    const payload = {
      runId: 'r',
      flow: 'x',
      records: [{ id: '42', updatedAt: '2026-03-02T10:00:00.000Z', fields: {} }],
    };
    const first = await b.queue.enqueue('noop', payload, { jobId: id, delayMs: 60_000 });
    const second = await b.queue.enqueue('noop', payload, { jobId: id, delayMs: 60_000 });
    const next = recordJobId('quotes-to-sales-orders', '42', '2026-03-02T10:05:00.000Z');
    const third = await b.queue.enqueue('noop', payload, { jobId: next, delayMs: 60_000 });
    expect([first.added, second.added, third.added]).toEqual([true, false, true]);
  });
});
