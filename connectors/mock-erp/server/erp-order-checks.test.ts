import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEntity as Entity, type ErpTestApi, erpTestApi } from './erp-test-api';
import { type ErpServer, startErpServer } from './start-erp-server';

const TOKEN = 'checks-token';
let erp: ErpServer;
let strict: ErpServer;

let api: ErpTestApi;
let strictApi: ErpTestApi;
const apiOf = (server: ErpServer) => (server === strict ? strictApi : api);
const post = (set: string, body: unknown, server = erp) => apiOf(server).post(set, body);

let bike: Entity;
let service: Entity;
let blockedItem: Entity;

async function customer(fields: Record<string, unknown> = {}, server = erp): Promise<Entity> {
  const { status, body } = await post('customers', { displayName: 'Adatum', ...fields }, server);
  expect(status).toBe(201);
  return body;
}

async function item(fields: Record<string, unknown>): Promise<Entity> {
  const { status, body } = await post('items', fields);
  expect(status).toBe(201);
  return body;
}

/** Posts an order and expects it refused with `code`; also asserts nothing was written. */
async function refused(body: unknown, code: string, server = erp): Promise<string> {
  const before = (await apiOf(server).list('salesOrders')).length;
  const beforeLines = (await apiOf(server).list('salesOrderLines')).length;
  const response = await post('salesOrders', body, server);
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe(code);
  expect(response.body.error).not.toHaveProperty('details');
  expect(await apiOf(server).list('salesOrders')).toHaveLength(before);
  expect(await apiOf(server).list('salesOrderLines')).toHaveLength(beforeLines);
  return response.body.error.message;
}

beforeAll(async () => {
  erp = await startErpServer({ seed: { items: 0 }, tokens: { [TOKEN]: '*' } });
  strict = await startErpServer({ seed: { items: 1 }, tokens: { [TOKEN]: '*' }, minMarginPercent: 25 });
  api = erpTestApi(erp, TOKEN);
  strictApi = erpTestApi(strict, TOKEN);
  bike = await item({ displayName: 'Bicycle', unitPrice: 100, unitCost: 60, inventory: 3 });
  service = await item({ displayName: 'Installation', type: 'Service', unitPrice: 50, unitCost: 10 });
  blockedItem = await item({ displayName: 'Old Saddle', unitPrice: 30, unitCost: 10, inventory: 9, blocked: true });
});
afterAll(async () => {
  await erp.close();
  await strict.close();
});

describe('mock ERP sales order checks', () => {
  it('refuses an unknown customer', async () => {
    const message = await refused(
      { customerNumber: 'C99999', salesOrderLines: [{ itemId: bike.id, quantity: 1 }] },
      'Application_CustomerNotFound',
    );
    expect(message).toBe('Customer C99999 does not exist.');
  });

  it('refuses a customer blocked for All or Ship, but not one blocked for Invoice', async () => {
    for (const blocked of ['All', 'Ship']) {
      const c = await customer({ displayName: 'Blocked Corp', blocked });
      const message = await refused(
        { customerId: c.id, salesOrderLines: [{ itemId: bike.id, quantity: 1 }] },
        'Application_CustomerBlocked',
      );
      expect(message).toBe(
        `Customer ${c.number} "Blocked Corp" is blocked (${blocked}); no new orders can be created for it.`,
      );
    }
    const invoiceOnly = await customer({ blocked: 'Invoice' });
    const ok = await post('salesOrders', {
      customerId: invoiceOnly.id,
      salesOrderLines: [{ itemId: service.id, quantity: 1 }],
    });
    expect(ok.status).toBe(201);
  });

  it('checks the blocked customer before the stock', async () => {
    const c = await customer({ blocked: 'All' });
    await refused(
      { customerId: c.id, salesOrderLines: [{ itemId: bike.id, quantity: 50 }] },
      'Application_CustomerBlocked',
    );
  });

  it('refuses an order that takes the customer over its credit limit, counting the balance due', async () => {
    const c = await customer({ creditLimit: 50_000 });
    erp.store.update('customers', c.id, { balanceDue: 49_766 });
    const message = await refused(
      { customerId: c.id, salesOrderLines: [{ itemId: service.id, quantity: 29.36 }] },
      'Application_CreditLimitExceeded',
    );
    expect(message).toBe(`Customer ${c.number} "Adatum" would exceed its credit limit of 50,000.00 by 1,234.00.`);
    const noLimit = await customer({ creditLimit: 0 });
    erp.store.update('customers', noLimit.id, { balanceDue: 1e9 });
    expect(
      (await post('salesOrders', { customerId: noLimit.id, salesOrderLines: [{ itemId: service.id, quantity: 1 }] }))
        .status,
    ).toBe(201);
  });

  it('refuses more than the stock of an Inventory item, summing lines of the same item; services are unlimited', async () => {
    const c = await customer();
    const message = await refused(
      {
        customerId: c.id,
        salesOrderLines: [
          { itemId: bike.id, quantity: 2 },
          { itemId: service.id, quantity: 1000 },
          { itemId: bike.id, quantity: 3 },
        ],
      },
      'Application_InsufficientStock',
    );
    expect(message).toBe(`Only 3 of item ${bike.number} "Bicycle" are in stock; the order asks for 5.`);
  });

  it('refuses an unknown item and a blocked item, naming the line', async () => {
    const c = await customer();
    const missing = '00000000-0000-4000-8000-00000000abcd';
    const unknown = await refused(
      {
        customerId: c.id,
        salesOrderLines: [
          { itemId: bike.id, quantity: 1 },
          { itemId: missing, quantity: 1 },
        ],
      },
      'Application_ItemNotFound',
    );
    expect(unknown).toBe(`Line 2: item ${missing} does not exist.`);
    const blocked = await refused(
      { customerId: c.id, salesOrderLines: [{ itemId: blockedItem.id, quantity: 1 }] },
      'Application_ItemBlocked',
    );
    expect(blocked).toBe(`Line 1: item ${blockedItem.number} "Old Saddle" is blocked and cannot be sold.`);
  });

  it('refuses a line whose margin after discount is below the minimum', async () => {
    const c = await customer();
    const message = await refused(
      {
        customerId: c.id,
        salesOrderLines: [
          { itemId: service.id, quantity: 1 },
          { itemId: bike.id, quantity: 1, unitPrice: 125, discountPercent: 50 },
        ],
      },
      'Application_MarginBelowMinimum',
    );
    expect(message).toBe(`Line 2, item ${bike.number} "Bicycle": margin 4.0% is below the minimum of 10%.`);
    // Exactly at the minimum passes: net 66.67 against cost 60 is 10 %.
    const edge = await post('salesOrders', {
      customerId: c.id,
      salesOrderLines: [{ itemId: bike.id, quantity: 1, unitPrice: 66.6666667 }],
    });
    expect(edge.status).toBe(201);
  });

  it('takes the minimum margin from the server option', async () => {
    const c = await customer({}, strict);
    const [seeded] = await strictApi.list('items');
    // Item 1000 has a 20 % margin: enough for the default, not for 25 %.
    const message = await refused(
      { customerId: c.id, salesOrderLines: [{ itemId: seeded?.id, quantity: 1 }] },
      'Application_MarginBelowMinimum',
      strict,
    );
    expect(message).toBe('Line 1, item 1000 "Bicycle": margin 20.0% is below the minimum of 25%.');
  });
});
