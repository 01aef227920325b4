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

describe('lead to cash end to end (real mock CRM and ERP over HTTP, real SQLite, the real bridge)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-l2c-e2e-'));
  const env = loadEnv({
    DATABASE_PATH: join(dir, 'bridge.db'),
    PORT: '0',
    MOCK_CRM_PORT: '0',
    MOCK_ERP_PORT: '0',
    SEED_COMPANIES: '20',
    SEED_CONTACTS: '20',
  });
  let bridge: RunningBridge;
  let http: ReturnType<typeof demoHttp>;
  const runFlow = async (flow: string) => bridge.engine.waitForRun((await bridge.engine.startRun(flow, 'test')).id);

  beforeAll(async () => {
    bridge = await startBridge(env, silent);
    http = demoHttp({ crmUrl: bridge.crmUrl, crmToken: env.CRM_TOKEN, erpUrl: bridge.erpUrl, erpToken: env.ERP_TOKEN });
  });
  afterAll(async () => {
    await bridge?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walks a deal from quote to payment (the npm start demo), twice without duplicating', async () => {
    const printed: string[] = [];
    const options = {
      crmUrl: bridge.crmUrl,
      crmToken: env.CRM_TOKEN,
      erpUrl: bridge.erpUrl,
      erpToken: env.ERP_TOKEN,
      runFlow,
      print: (line: string) => printed.push(line),
    };
    const first = await walkLeadToCash({ ...options, tag: 'first' });
    expect(first.ordersForQuote).toBe(1);
    expect(first.deal).toMatchObject({
      erp_order_number: first.orderNumber,
      erp_order_status: 'Released',
      erp_invoice_number: first.invoiceNumber,
      erp_invoice_status: 'Paid',
      erp_payment_status: 'Paid',
    });
    expect(Number(first.deal.erp_amount_due)).toBe(0);
    expect(printed).toEqual([
      expect.stringMatching(
        /^1\. CRM: deal "Bikes for .+ \(first\)" with quote Q-first \(2 lines, [\d,]+\.\d\d EUR\)$/,
      ),
      expect.stringMatching(/^2\. quote accepted -> ERP order S-ORD\d+ \(1 order for quote Q-first; quote says SYNCED/),
      expect.stringMatching(/^3\. ERP shipped S-ORD\d+ -> CRM deal: order Released$/),
      expect.stringMatching(/^4\. invoiced S-INV\d+ [\d,]+\.\d\d open -> CRM deal: invoice Open, due [\d,]+\.\d\d$/),
      expect.stringMatching(/^5\. paid -> CRM deal: order Released, invoice Paid, payment Paid \(\d{4}-\d\d-\d\d\)$/),
    ]);
    const second = await walkLeadToCash({ ...options, print: () => {}, tag: 'second' });
    expect(second.ordersForQuote).toBe(1);
    expect(second.orderNumber).not.toBe(first.orderNumber);
    const again = await http.erp('GET', `salesOrders?$filter=externalDocumentNumber eq '${first.quoteId}'`);
    expect(again.value).toHaveLength(1);
  });
});
