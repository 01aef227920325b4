import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { demoHttp } from '../../src/demo/demo-http';
import { walkLeadToCash } from '../../src/demo/walk-lead-to-cash';
import { type RunningBridge, startBridge } from '../../src/main';
import { createLogger } from '../../src/observability/logger';

const silent = createLogger({ level: 'error' });
const DEAL_FIELDS = [
  'erp_invoice_number',
  'erp_invoice_status',
  'erp_amount_due',
  'erp_payment_status',
  'erp_last_payment_date',
];

describe('a deal billed by several invoices and paid in parts (real mock CRM and ERP, real SQLite, the real bridge)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-l2c-many-'));
  const env = loadEnv({
    DATABASE_PATH: join(dir, 'bridge.db'),
    PORT: '0',
    MOCK_CRM_PORT: '0',
    MOCK_ERP_PORT: '0',
    SEED_COMPANIES: '10',
    SEED_CONTACTS: '0',
  });
  let bridge: RunningBridge;
  let http: ReturnType<typeof demoHttp>;
  const runFlow = async (flow: string) => bridge.engine.waitForRun((await bridge.engine.startRun(flow, 'test')).id);
  const deal = async (id: string) =>
    (await http.crm('GET', `deals/${id}?properties=${DEAL_FIELDS.join(',')}`)).properties;

  beforeAll(async () => {
    bridge = await startBridge(env, silent);
    http = demoHttp({ crmUrl: bridge.crmUrl, crmToken: env.CRM_TOKEN, erpUrl: bridge.erpUrl, erpToken: env.ERP_TOKEN });
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a second invoice and two partial payments of one deal sync; the deal shows the latest invoice and its payment state', async () => {
    // One deal taken from quote to a paid first invoice, as the demo does.
    const walked = await walkLeadToCash({
      crmUrl: bridge.crmUrl,
      crmToken: env.CRM_TOKEN,
      erpUrl: bridge.erpUrl,
      erpToken: env.ERP_TOKEN,
      runFlow,
      print: () => {},
      tag: 'many',
    });
    expect(await deal(walked.dealId)).toMatchObject({
      erp_invoice_number: walked.invoiceNumber,
      erp_invoice_status: 'Paid',
    });
    const order = await http.erp('GET', `salesOrders(${walked.orderId})`);
    const [first] = (await http.erp('GET', `salesInvoices?$filter=orderId eq ${walked.orderId}`)).value;

    // Accounting bills the same order again (a follow-up invoice) and the customer pays it in two parts.
    const second = await http.erp('POST', 'salesInvoices', {
      externalDocumentNumber: order.externalDocumentNumber,
      orderId: order.id,
      orderNumber: order.number,
      customerId: order.customerId,
      invoiceDate: '2026-04-01',
      dueDate: '2026-05-01',
      status: 'Open',
      totalAmountIncludingTax: 500,
      remainingAmount: 500,
    });
    const invoices = await runFlow('invoices-to-deals');
    expect(invoices).toMatchObject({ status: 'succeeded', failed: 0, updated: 1 });
    expect(await deal(walked.dealId)).toMatchObject({
      erp_invoice_number: second.number,
      erp_invoice_status: 'Open',
      erp_amount_due: '500',
      erp_payment_status: 'Unpaid',
    });

    const pay = (amount: number, postingDate: string) =>
      http.erp('POST', 'customerPayments', {
        customerId: order.customerId,
        postingDate,
        amount,
        appliesToInvoiceId: second.id,
        appliesToInvoiceNumber: second.number,
      });
    const payments = [await pay(200, '2026-04-10'), await pay(100, '2026-04-20')];
    // Posting the payments leaves 200 open on the invoice (BC applies them to it).
    await http.erp('PATCH', `salesInvoices(${second.id})`, { remainingAmount: 200 });
    const [again, paid] = [await runFlow('invoices-to-deals'), await runFlow('payments-to-deals')];
    expect(again).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(paid).toMatchObject({ status: 'succeeded', failed: 0, updated: 2 });
    expect(await deal(walked.dealId)).toMatchObject({
      erp_invoice_number: second.number,
      erp_invoice_status: 'Open',
      erp_amount_due: '200',
      erp_payment_status: 'Partially paid',
      erp_last_payment_date: '2026-04-20',
    });

    // Every invoice and payment keeps its own pair with the one deal, so the next poll changes nothing.
    const invoicePairs = await bridge.store.findXrefs('invoice', 'erp', [first.id, second.id]);
    expect([...invoicePairs.values()].map((x) => x.crmId)).toEqual([walked.dealId, walked.dealId]);
    const paymentPairs = await bridge.store.findXrefs(
      'payment',
      'erp',
      payments.map((p) => p.id),
    );
    expect([...paymentPairs.values()].map((x) => x.crmId)).toEqual([walked.dealId, walked.dealId]);
    expect(await runFlow('payments-to-deals')).toMatchObject({ failed: 0, updated: 0, created: 0 });
    expect((await bridge.dlq.list({ flow: 'invoices-to-deals' })).total).toBe(0);
    expect((await bridge.dlq.list({ flow: 'payments-to-deals' })).total).toBe(0);
  }, 60_000);
});
