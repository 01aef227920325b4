import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestEntity as Entity, type ErpTestApi, erpTestApi } from './erp-test-api';
import { type ErpServer, startErpServer } from './start-erp-server';

const TOKEN = 'fulfil-token';
let erp: ErpServer;
let clock = Date.parse('2026-03-10T09:00:00Z');

const apis = new Map<ErpServer, ErpTestApi>();
const apiOf = (server: ErpServer) => {
  const known = apis.get(server) ?? erpTestApi(server, TOKEN);
  apis.set(server, known);
  return known;
};
const call = (path: string, init: RequestInit = {}) => apiOf(erp).call(path, init);
const post = (set: string, body: unknown, server = erp) => apiOf(server).post(set, body);
const get = (set: string, id: string, server = erp) => apiOf(server).get(set, id);
const list = (set: string, query = '', server = erp) => apiOf(server).list(set, query);
const fulfil = (body: unknown) => apiOf(erp).fulfil(body);

async function order(
  server = erp,
  externalDocumentNumber = 'quote-1',
): Promise<{ order: Entity; customer: Entity; item: Entity }> {
  const customer = (await post('customers', { displayName: 'Fabrikam', creditLimit: 10_000 }, server)).body;
  const [item] = await list('items', "?$filter=number eq '1000'", server);
  const created = await post(
    'salesOrders',
    { customerId: customer.id, externalDocumentNumber, salesOrderLines: [{ itemId: item?.id, quantity: 4 }] },
    server,
  );
  expect(created.status).toBe(201);
  return { order: created.body, customer, item: item as Entity };
}

beforeAll(async () => {
  erp = await startErpServer({ tokens: { [TOKEN]: '*' }, now: () => clock });
});
afterAll(() => erp.close());

describe('mock ERP fulfilment simulator', () => {
  it('ships, invoices and pays step by step, moving lastModifiedDateTime, and never twice', async () => {
    const { order: created, customer, item } = await order();
    const inventory = Number(item.inventory);
    clock += 60_000;
    const since = new Date(clock).toISOString();

    const shipped = await fulfil({ orderId: created.id, steps: ['ship'] });
    expect(shipped.body.actions).toEqual([{ step: 'ship', orderId: created.id, orderNumber: created.number }]);
    expect(await get('salesOrders', created.id)).toMatchObject({ status: 'Released', fullyShipped: true });
    expect((await get('items', item.id)).inventory).toBe(inventory - 4);
    const changed = await list('salesOrders', `?$filter=lastModifiedDateTime ge ${since}`);
    expect(changed.map((o) => o.id)).toEqual([created.id]);

    const invoiced = await fulfil({ orderId: created.id, steps: ['ship', 'invoice'] });
    expect(invoiced.body.actions).toMatchObject([{ step: 'invoice', amount: 400, invoiceNumber: 'S-INV103001' }]);
    const [invoice] = await list('salesInvoices', `?$filter=orderId eq ${created.id}`);
    expect(invoice).toMatchObject({
      externalDocumentNumber: 'quote-1',
      orderNumber: created.number,
      customerId: customer.id,
      invoiceDate: '2026-03-10',
      dueDate: '2026-04-09',
      status: 'Open',
      totalAmountIncludingTax: 400,
      remainingAmount: 400,
    });
    expect((await get('customers', customer.id)).balanceDue).toBe(400);

    const paid = await fulfil({ orderId: created.id });
    expect(paid.body.actions).toMatchObject([{ step: 'pay', invoiceId: invoice?.id, amount: 400 }]);
    const [payment] = await list('customerPayments', `?$filter=appliesToInvoiceId eq ${invoice?.id}`);
    expect(payment).toMatchObject({
      customerId: customer.id,
      amount: 400,
      appliesToInvoiceNumber: 'S-INV103001',
      externalDocumentNumber: 'quote-1',
      postingDate: '2026-03-10',
    });
    expect(await get('salesInvoices', invoice?.id as string)).toMatchObject({ status: 'Paid', remainingAmount: 0 });
    expect((await get('customers', customer.id)).balanceDue).toBe(0);

    expect((await fulfil({})).body.actions).toEqual([]);
    expect((await get('items', item.id)).inventory).toBe(inventory - 4);
    expect(await list('salesInvoices')).toHaveLength(1);
  });

  it('does every step for every open order when asked without an id, and refuses bad requests', async () => {
    const first = await order(erp, 'quote-2');
    const second = await order(erp, 'quote-3');
    const { body } = await fulfil({});
    const steps = body.actions.map(
      (a: { step: string; orderId: string }) => `${a.orderId === first.order.id ? 1 : 2}:${a.step}`,
    );
    expect(steps).toEqual(['1:ship', '1:invoice', '1:pay', '2:ship', '2:invoice', '2:pay']);
    expect(second.order.id).not.toBe(first.order.id);
    expect((await fulfil({ steps: ['deliver'] })).status).toBe(400);
    expect((await fulfil({ orderId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
  });

  it('refuses to delete a customer with an open order or an unpaid invoice, but lets it be blocked', async () => {
    const { order: created, customer } = await order(erp, 'quote-4');
    const del = () => call(`customers(${customer.id})`, { method: 'DELETE', headers: { 'if-match': '*' } });
    const open = await del();
    expect(open.status).toBe(400);
    expect(open.body.error).toEqual({
      code: 'Application_CustomerHasOpenDocuments',
      message: `You cannot delete Customer ${customer.number} "Fabrikam" because it has 1 open sales order(s) (${created.number}). Block the customer instead.`,
    });
    const block = await call(`customers(${customer.id})`, {
      method: 'PATCH',
      headers: { 'if-match': '*' },
      body: JSON.stringify({ blocked: 'All' }),
    });
    expect(block.status).toBe(200);
    await fulfil({ orderId: created.id, steps: ['ship', 'invoice'] });
    expect((await del()).body.error.message).toMatch(/because it has 1 unpaid invoice\(s\) \(S-INV\d+\)/);
    await fulfil({ orderId: created.id });
    expect((await del()).status).toBe(204);
  });

  it('skips shipping when stock ran out after the order was accepted', async () => {
    const { order: created, item } = await order(erp, 'quote-5');
    erp.store.update('items', item.id, { inventory: 1 });
    const { body } = await fulfil({ orderId: created.id });
    expect(body.actions).toEqual([
      {
        step: 'ship',
        orderId: created.id,
        orderNumber: created.number,
        skipped: `Only 1 of item 1000 "Bicycle" are in stock; shipping needs 4.`,
      },
    ]);
    expect(await get('salesOrders', created.id)).toMatchObject({ status: 'Open', fullyShipped: false });
  });

  it('keeps an order whose create answer was dropped, findable by externalDocumentNumber', async () => {
    const customer = (await post('customers', { displayName: 'Lost Answer Ltd' })).body;
    const [item] = await list('items', "?$filter=number eq '1001'");
    erp.faults.configure({ dropAfterCommitRate: 1 });
    try {
      await expect(
        post('salesOrders', {
          customerId: customer.id,
          externalDocumentNumber: 'quote-lost',
          salesOrderLines: [{ itemId: item?.id, quantity: 1 }],
        }),
      ).rejects.toThrow();
    } finally {
      erp.faults.configure({});
    }
    const found = await list('salesOrders', "?$filter=externalDocumentNumber eq 'quote-lost'&$expand=salesOrderLines");
    expect(found).toHaveLength(1);
    expect(found[0]?.salesOrderLines).toMatchObject([{ itemId: item?.id, quantity: 1 }]);
    expect(erp.stats.snapshot(erp.faults.counts).faults.dropped).toBe(1);
  });
});

describe('mock ERP fulfilment timer', () => {
  it('advances each open order one step per tick until it is paid', async () => {
    const timed = await startErpServer({ tokens: { [TOKEN]: '*' }, fulfilEveryMs: 50 });
    try {
      const { order: created } = await order(timed, 'quote-timer');
      const seen: string[] = [];
      for (let i = 0; i < 100 && !seen.includes('Paid'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const current = await get('salesOrders', created.id, timed);
        const [invoice] = await list('salesInvoices', `?$filter=orderId eq ${created.id}`, timed);
        const state = invoice ? String(invoice.status) : String(current.status);
        if (seen.at(-1) !== state) seen.push(state);
      }
      expect(seen).toEqual(['Open', 'Released', 'Open', 'Paid'].slice(seen[0] === 'Open' ? 0 : 1));
    } finally {
      await timed.close();
    }
  });
});
