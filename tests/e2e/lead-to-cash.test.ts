import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { demoHttp } from '../../src/demo/demo-http';
import { walkLeadToCash } from '../../src/demo/walk-lead-to-cash';
import { type RunningBridge, startBridge } from '../../src/main';
import { validateMappings } from '../../src/mapping';
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
    ADMIN_TOKENS: 'l2c-admin',
  });
  let bridge: RunningBridge;
  let http: ReturnType<typeof demoHttp>;
  const link = (id: string, associationTypeId: number) => ({
    to: { id },
    types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
  });
  const crmGet = async (type: string, id: string, properties: string[]) =>
    (await http.crm('GET', `${type}/${id}?properties=${properties.join(',')}`)).properties;
  const ordersFor = async (quoteId: string) =>
    (await http.erp('GET', `salesOrders?$filter=externalDocumentNumber eq '${quoteId}'`)).value as { id: string }[];
  /** A CRM product that came from an ERP item, with that item. */
  const product = async (index: number) => {
    const page = await http.crm('GET', 'products?limit=100&properties=name,price,hs_sku,erp_inventory,erp_item_number');
    const found = page.results.filter(
      (p: { properties: { erp_item_number: string; erp_inventory: string } }) => Number(p.properties.erp_inventory) > 0,
    )[index];
    const item = (await http.erp('GET', `items?$filter=number eq '${found.properties.erp_item_number}'`)).value[0];
    return {
      id: found.id as string,
      name: found.properties.name as string,
      price: Number(found.properties.price),
      item,
    };
  };
  /** A deal and a quote for a CRM company, one line per entry; the quote is created DRAFT and then accepted. */
  const acceptedQuote = async (companyId: string, lines: { productId: string; quantity: number; price: number }[]) => {
    const deal = await http.crm('POST', 'deals', {
      properties: { dealname: `L2C ${Date.now()}`, pipeline: 'default', dealstage: 'contractsent' },
      associations: [link(companyId, 341)],
    });
    const lineIds: string[] = [];
    for (const line of lines) {
      const created = await http.crm('POST', 'line_items', {
        properties: {
          name: 'line',
          hs_product_id: line.productId,
          quantity: String(line.quantity),
          price: String(line.price),
        },
      });
      lineIds.push(created.id);
    }
    const quote = await http.crm('POST', 'quotes', {
      properties: { hs_title: `Q-${deal.id}`, hs_status: 'DRAFT', hs_currency: 'EUR' },
      associations: [link(deal.id, 64), link(companyId, 71), ...lineIds.map((id) => link(id, 67))],
    });
    await http.crm('PATCH', `quotes/${quote.id}`, { properties: { hs_status: 'ACCEPTED' } });
    return { dealId: deal.id as string, quoteId: quote.id as string };
  };
  const syncedCompany = async () => {
    const customers = (await http.erp('GET', 'customers?$top=50')).value as { externalId: string; blocked: string }[];
    return customers.find((c) => c.externalId && c.blocked.trim() === '')!.externalId;
  };
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(`${bridge.adminUrl}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer l2c-admin', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return response.json();
  };
  const erpAdmin = (path: string, body: unknown) =>
    fetch(`${bridge.erpUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
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

  it('a new company and contact reach the ERP; an accepted quote becomes exactly one order though the ERP drops the answer', async () => {
    const company = await http.crm('POST', 'companies', {
      properties: {
        name: 'Proseware Cycling Inc',
        domain: 'proseware-cycling.example',
        city: 'Portland',
        country: 'US',
      },
    });
    const contact = await http.crm('POST', 'contacts', {
      properties: { firstname: 'Lena', lastname: 'Proseware', email: 'lena@proseware-cycling.example' },
      associations: [link(company.id, 279)],
    });
    await runFlow('companies-to-customers');
    await runFlow('contacts-to-contacts');
    const [customer] = (await http.erp('GET', `customers?$filter=externalId eq '${company.id}'`)).value;
    expect(customer).toMatchObject({ displayName: 'Proseware Cycling Inc' });
    const [person] = (await http.erp('GET', `contacts?$filter=externalId eq '${contact.id}'`)).value;
    expect(person).toBeDefined();

    const bike = await product(0);
    const { dealId, quoteId } = await acceptedQuote(company.id, [
      { productId: bike.id, quantity: 2, price: bike.price },
    ]);
    expect((await erpAdmin('/__admin/faults', { dropAfterCommitRate: 1 })).status).toBe(200);
    try {
      await runFlow('quotes-to-sales-orders');
    } finally {
      await erpAdmin('/__admin/reset-faults', {});
    }
    const orders = await ordersFor(quoteId);
    expect(orders).toHaveLength(1);
    expect(await crmGet('quotes', quoteId, ['erp_sync_status', 'erp_sync_message', 'erp_order_number'])).toMatchObject({
      erp_sync_status: 'SYNCED',
      erp_order_number: expect.stringMatching(/^S-ORD/),
    });
    await runFlow('orders-to-deals');
    expect(await crmGet('deals', dealId, ['erp_order_status'])).toMatchObject({ erp_order_status: 'Open' });
  });

  it('a quote line priced off the ERP price is flagged PRICE_MISMATCH and dead-lettered, and no order is made', async () => {
    const bike = await product(1);
    const { quoteId } = await acceptedQuote(await syncedCompany(), [
      { productId: bike.id, quantity: 1, price: bike.price + 5 },
    ]);
    await runFlow('quotes-to-sales-orders');
    expect(await crmGet('quotes', quoteId, ['erp_sync_status'])).toMatchObject({ erp_sync_status: 'PRICE_MISMATCH' });
    const dead = (await bridge.dlq.list({ flow: 'quotes-to-sales-orders' })).items.filter(
      (i) => i.sourceId === quoteId,
    );
    expect(dead).toHaveLength(1);
    expect(await ordersFor(quoteId)).toEqual([]);
  });

  it('an ERP refusal (stock) lands readable on the quote and in the DLQ; a replay after restocking makes one order', async () => {
    const bike = await product(2);
    const quantity = Number(bike.item.inventory) + 5;
    const { quoteId } = await acceptedQuote(await syncedCompany(), [
      { productId: bike.id, quantity, price: bike.price },
    ]);
    await runFlow('quotes-to-sales-orders');
    const refused = await crmGet('quotes', quoteId, ['erp_sync_status', 'erp_sync_message']);
    expect(refused.erp_sync_status).toBe('REJECTED');
    expect(refused.erp_sync_message).toMatch(/are in stock; the order asks for \d+/);
    const [dead] = (await bridge.dlq.list({ flow: 'quotes-to-sales-orders' })).items.filter(
      (i) => i.sourceId === quoteId,
    );
    expect(dead?.errorMessage).toMatch(/in stock/);
    expect(await ordersFor(quoteId)).toEqual([]);

    await http.erp('PATCH', `items(${bike.item.id})`, { inventory: quantity + 100 });
    const report = (await admin('/dlq/replay', { ids: [dead!.id], mode: 'as-is' })) as {
      runIds: string[];
      replayed: string[];
    };
    for (const runId of report.runIds) await bridge.engine.waitForRun(runId);
    expect(report.replayed).toEqual([dead!.id]);
    expect(await ordersFor(quoteId)).toHaveLength(1);
    expect(await crmGet('quotes', quoteId, ['erp_sync_status'])).toMatchObject({ erp_sync_status: 'SYNCED' });
    await admin('/dlq/replay', { ids: [dead!.id], mode: 'as-is' });
    expect(await ordersFor(quoteId)).toHaveLength(1);
  });

  it('a renewal deal becomes an ERP billing contract, numbered back on the deal', async () => {
    const deal = await http.crm('POST', 'deals', {
      properties: {
        dealname: 'Renewal 2027',
        dealtype: 'renewal',
        amount: '1200',
        contract_start_date: '2027-01-01',
        contract_end_date: '2027-12-31',
        billing_frequency: 'quarterly',
      },
      associations: [link(await syncedCompany(), 341)],
    });
    await runFlow('renewals-to-contracts');
    const contracts = (await http.erp('GET', `billingContracts?$filter=externalDocumentNumber eq '${deal.id}'`)).value;
    expect(contracts).toMatchObject([
      { billingPeriod: 'Quarterly', amount: 1200, startDate: '2027-01-01', status: 'Active' },
    ]);
    expect(await crmGet('deals', deal.id, ['erp_contract_number'])).toEqual(
      expect.objectContaining({ erp_contract_number: contracts[0].number }),
    );
  });

  it('tickets never reach the ERP: no ERP write for a new ticket, and a ticket flow is refused', async () => {
    await http.crm('POST', 'tickets', { properties: { subject: 'Bike squeaks', content: 'front wheel' } });
    await bridge.engine.syncAll('test');
    const erpWrites = async () =>
      ((await (await fetch(`${bridge.erpUrl}/__admin/stats`)).json()) as { writes: number }).writes;
    const before = await erpWrites();
    await http.crm('POST', 'tickets', { properties: { subject: 'Chain came off', content: 'please call' } });
    await bridge.engine.syncAll('test');
    expect(await erpWrites()).toBe(before);

    const mappings = join(dir, 'mappings');
    mkdirSync(mappings);
    copyFileSync('mappings/ownership.yaml', join(mappings, 'ownership.yaml'));
    const file = join(mappings, 'tickets-to-sales-orders.yaml');
    writeFileSync(
      file,
      'flow: tickets-to-sales-orders\nversion: 1\nsource: { connector: crm, entity: ticket }\ntarget: { connector: erp, entity: salesOrder }\nlink: quote\nfields:\n  externalDocumentNumber: { from: subject }\n',
    );
    expect(validateMappings([file]).problems).toEqual([
      expect.objectContaining({ message: expect.stringContaining('crm-only and never synced') }),
    ]);
  });

  it('ERP price and stock changes reach the CRM product; stock within one inventory-to-products polling interval', async () => {
    const bike = await product(3);
    await http.erp('PATCH', `items(${bike.item.id})`, { unitPrice: bike.price + 10 });
    await runFlow('items-to-products');
    expect(Number((await crmGet('products', bike.id, ['price'])).price)).toBe(bike.price + 10);

    bridge.schedule();
    try {
      await http.erp('PATCH', `items(${bike.item.id})`, { inventory: 777 });
      const changedAt = Date.now();
      let seen = '';
      while (Date.now() - changedAt < 5_000 + 2_000) {
        seen = (await crmGet('products', bike.id, ['erp_inventory'])).erp_inventory;
        if (seen === '777') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(seen).toBe('777');
      // inventory-to-products polls every 5 s (mappings/inventory-to-products.yaml).
      expect(Date.now() - changedAt).toBeLessThan(5_000 + 1_000);
    } finally {
      bridge.engine.stopPolling();
    }
  });

  it('an ERP item blocked archives its CRM product; the seeded blocked item never became one', async () => {
    const bike = await product(4);
    await http.erp('PATCH', `items(${bike.item.id})`, { blocked: true });
    const run = await runFlow('items-to-products');
    expect(run).toMatchObject({ status: 'succeeded', failed: 0 });
    expect((await http.crm('GET', `products/${bike.id}?archived=true`)).archived).toBe(true);
    // Item 1007 is seeded blocked: read, skipped as archived and not linked, never created.
    const skus = (await http.crm('GET', 'products?limit=100&properties=hs_sku')).results.map(
      (p: { properties: { hs_sku: string } }) => p.properties.hs_sku,
    );
    expect(skus).not.toContain('1007');
    expect(skus).not.toContain(bike.item.number);
  });
});
