import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEntity as Entity, type ErpTestApi, erpTestApi } from './erp-test-api';
import { type ErpServer, startErpServer } from './start-erp-server';

const TOKEN = 'sales-token';
let erp: ErpServer;

let api: ErpTestApi;

const item = async (number: string): Promise<Entity> =>
  (await api.list('items', `?$filter=number eq '${number}'`))[0] as Entity;

async function newCustomer(fields: Record<string, unknown> = {}): Promise<Entity> {
  const { status, body } = await api.post('customers', { displayName: 'Adatum', ...fields });
  expect(status).toBe(201);
  return body;
}

beforeAll(async () => {
  erp = await startErpServer({ seed: { customers: 2, seed: 3 }, tokens: { [TOKEN]: '*' } });
  api = erpTestApi(erp, TOKEN);
});
afterAll(() => erp.close());

describe('mock ERP sales: items and document sets', () => {
  it('seeds 50 numbered items with Service items, one blocked item and margins above 10%', async () => {
    const items = await api.list('items', '?$orderby=number asc');
    expect(items).toHaveLength(50);
    expect(items.map((i) => i.number).slice(0, 3)).toEqual(['1000', '1001', '1002']);
    expect(items[0]).toMatchObject({ displayName: 'Bicycle', type: 'Inventory', unitPrice: 100, unitCost: 80 });
    expect(items.filter((i) => i.type === 'Service')).toHaveLength(5);
    expect(items.filter((i) => i.blocked).map((i) => i.number)).toEqual(['1007']);
    for (const i of items) {
      expect((Number(i.unitPrice) - Number(i.unitCost)) / Number(i.unitPrice)).toBeGreaterThan(0.1);
    }
  });

  it('creates, filters and validates quotes, invoices, payments and billing contracts', async () => {
    const customer = await newCustomer();
    const quote = await api.post('salesQuotes', { customerId: customer.id, externalDocumentNumber: 'Q-7' });
    expect(quote.body).toMatchObject({ number: 'S-QUO001001', status: 'Draft' });
    const invoice = await api.post('salesInvoices', { customerId: customer.id, invoiceDate: '2026-03-01' });
    expect(invoice.body).toMatchObject({ number: 'S-INV103001', status: 'Draft', orderId: null });
    const payment = await api.post('customerPayments', { customerId: customer.id, amount: 5 });
    expect(payment.body).toMatchObject({ amount: 5, appliesToInvoiceId: null });
    const contract = await api.post('billingContracts', {
      customerId: customer.id,
      externalDocumentNumber: 'deal-9',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      billingPeriod: 'Quarterly',
      amount: 1200,
    });
    expect(contract.body).toMatchObject({ number: 'BCT00010', status: 'Active', billingPeriod: 'Quarterly' });
    expect(await api.list('billingContracts', "?$filter=externalDocumentNumber eq 'deal-9'")).toHaveLength(1);

    const bad = await api.post('billingContracts', { customerId: customer.id, startDate: '01/02/2026' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]).toMatchObject({ target: 'startDate' });
    const orphan = await api.post('salesQuotes', { customerId: '00000000-0000-4000-8000-000000000001' });
    expect(orphan.body.error.message).toMatch(/cannot be found in the related table \(Customer\)/);
  });

  it('answers 403 per entity set when the module is forbidden', async () => {
    erp.faults.configure({ forbiddenSets: ['salesOrders'] });
    try {
      const refused = await api.post('salesOrders', {});
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'You do not have the following permissions on TableData Sales Header: Insert.',
      );
      expect((await api.call('items')).status).toBe(200);
    } finally {
      erp.faults.configure({});
    }
  });
});

describe('mock ERP sales: orders', () => {
  it('creates an order with its lines in one POST and computes the totals from the lines', async () => {
    const customer = await newCustomer();
    const [bike, helmet] = [await item('1000'), await item('1002')];
    const created = await api.post(
      'salesOrders',
      {
        customerId: customer.id,
        externalDocumentNumber: 'quote-1',
        salesOrderLines: [
          { itemId: bike.id, quantity: 2 },
          { itemId: helmet.id, quantity: 1, unitPrice: Number(helmet.unitPrice), discountPercent: 10 },
        ],
      },
      '?$expand=salesOrderLines',
    );
    expect(created.status).toBe(201);
    const helmetNet = Math.round(Number(helmet.unitPrice) * 0.9 * 100) / 100;
    expect(created.body).toMatchObject({
      number: 'S-ORD101001',
      customerNumber: customer.number,
      status: 'Open',
      fullyShipped: false,
      totalAmountExcludingTax: 200 + helmetNet,
      totalAmountIncludingTax: 200 + helmetNet,
    });
    expect(created.body.orderDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(created.body.salesOrderLines).toMatchObject([
      { sequence: 10000, itemId: bike.id, description: 'Bicycle', unitPrice: 100, amountExcludingTax: 200 },
      { sequence: 20000, itemId: helmet.id, discountPercent: 10, amountExcludingTax: helmetNet },
    ]);

    const id = created.body.id as string;
    const expanded = await api.list('salesOrders', `?$filter=id eq ${id}&$expand=salesOrderLines`);
    expect(expanded[0]?.salesOrderLines).toHaveLength(2);
    const single = await api.call(`salesOrders(${id})?$expand=salesOrderLines`);
    expect(single.body.salesOrderLines).toHaveLength(2);
    const lines = await api.call(`salesOrders(${id})/salesOrderLines`);
    expect(lines.body.value.map((line: Entity) => line.documentId)).toEqual([id, id]);
    expect((await api.list('salesOrders', `?$filter=id eq ${id}`))[0]).not.toHaveProperty('salesOrderLines');
    const direct = await api.post('salesOrderLines', { itemId: bike.id, quantity: 1 });
    expect(direct.status).toBe(405);
  });

  it('names the line and field of a malformed line and creates nothing', async () => {
    const customer = await newCustomer();
    const before = (await api.list('salesOrders')).length;
    const bad = await api.post('salesOrders', {
      customerId: customer.id,
      salesOrderLines: [{ itemId: (await item('1000')).id, quantity: 1 }, { itemId: (await item('1001')).id }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toMatchObject([{ target: 'salesOrderLines[1].quantity' }]);
    expect(await api.list('salesOrders')).toHaveLength(before);
  });
});
