import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorRecord, UpsertResult } from '../../../src/connectors';
import { IntegrationError, isAmbiguousWrite, ValidationError } from '../../../src/errors';
import { mockErpConnector } from '../index';
import { type ErpServer, startErpServer } from '../server/start-erp-server';
import { createErpClient, type ErpClient } from './create-erp-client';
import { upsertResults } from './upsert-results';

const TOKEN = 'sales-client-token';
let erp: ErpServer;
let client: ErpClient;
let customerId: string;
let items: ConnectorRecord[];

const { record: okRecord, error: failure } = upsertResults;
const itemNumbered = (number: string) => items.find((item) => item.fields.number === number) as ConnectorRecord;

beforeAll(async () => {
  erp = await startErpServer({ seed: { customers: 2, seed: 5 }, tokens: { [TOKEN]: '*' } });
  client = createErpClient({ baseUrl: erp.url, token: TOKEN, retries: 0 });
  const [customer] = await client.upsertBatch('customer', [
    { key: 'crm-1', fields: { displayName: 'Contoso', creditLimit: 100_000 } },
  ]);
  customerId = okRecord(customer).id;
  items = (await client.listChanges({ entity: 'item', since: null })).records;
});
afterAll(async () => {
  await client.close();
  await erp.close();
});

describe('mock-erp connector: lead-to-cash entities', () => {
  it('reads the seeded items with their schema', () => {
    expect(items).toHaveLength(50);
    const bike = itemNumbered('1000');
    expect(bike.fields).toMatchObject({ displayName: 'Bicycle', type: 'Inventory', unitPrice: 100 });
    expect(mockErpConnector.entities.item.schema.safeParse(bike.fields).success).toBe(true);
  });

  it('creates a sales order with its lines and reads them back on every read path', async () => {
    const [created] = await client.upsertBatch('salesOrder', [
      {
        key: 'quote-100',
        fields: {
          customerId,
          externalDocumentNumber: 'quote-100',
          salesOrderLines: [
            { itemId: itemNumbered('1000').id, quantity: 2 },
            { itemId: itemNumbered('1009').id, quantity: 1 },
          ],
        },
      },
    ]);
    const order = okRecord(created);
    expect(created).toMatchObject({ ok: true, action: 'created' });
    expect(order.associations).toEqual({ customer: [customerId] });
    const lines = order.fields.salesOrderLines as Record<string, unknown>[];
    expect(lines.map((line) => line.amountExcludingTax)).toEqual([200, Number(itemNumbered('1009').fields.unitPrice)]);
    expect(Object.keys(lines[0] ?? {}).some((key) => key.startsWith('@odata'))).toBe(false);
    expect(mockErpConnector.entities.salesOrder.schema.safeParse(order.fields).success).toBe(true);

    const [byRef] = await client.searchByKeys('salesOrder', { externalDocumentNumber: 'quote-100' });
    const [byNumber] = await client.searchByKeys('salesOrder', { number: String(order.fields.number) });
    const [byId] = await client.readByIds('salesOrder', [order.id]);
    const changed = await client.listChanges({ entity: 'salesOrder', since: null });
    for (const read of [byRef, byNumber, byId, changed.records[0]]) {
      expect(read?.id).toBe(order.id);
      expect(read?.fields.salesOrderLines).toEqual(lines);
    }
    const lineRecords = await client.readByIds(
      'salesOrderLine',
      lines.map((line) => String(line.id)),
    );
    expect(lineRecords.map((line) => line.associations?.salesOrder)).toEqual([[order.id], [order.id]]);
    expect(mockErpConnector.entities.salesOrder.externalRefField).toBe('externalDocumentNumber');
    expect(mockErpConnector.entities.billingContract.externalRefField).toBe('externalDocumentNumber');
  });

  it('maps a failed order check to record_rejected with the ERP text, and keeps field errors as validation_failed', async () => {
    const bike = itemNumbered('1000');
    const [rejected, malformed] = await client.upsertBatch('salesOrder', [
      {
        key: 'too-many',
        fields: { customerId, salesOrderLines: [{ itemId: bike.id, quantity: Number(bike.fields.inventory) + 5 }] },
      },
      { key: 'no-quantity', fields: { customerId, salesOrderLines: [{ itemId: bike.id }] } },
    ]);
    const error = failure(rejected);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ code: 'record_rejected', retryable: false, status: 400 });
    expect(error.message).toBe(
      `Only ${bike.fields.inventory} of item 1000 "Bicycle" are in stock; the order asks for ${Number(bike.fields.inventory) + 5}.`,
    );
    expect(error.details.erpCode).toBe('Application_InsufficientStock');
    const invalid = failure(malformed);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fieldErrors[0]?.field).toBe('salesOrderLines[0].quantity');
    expect(await client.searchByKeys('salesOrder', { externalDocumentNumber: 'too-many' })).toEqual([]);
  });

  it('reports a dropped order create as ambiguous, and the order is found by externalDocumentNumber', async () => {
    erp.faults.configure({ dropAfterCommitRate: 1 });
    let result: UpsertResult | undefined;
    try {
      [result] = await client.upsertBatch('salesOrder', [
        {
          key: 'quote-lost',
          fields: {
            customerId,
            externalDocumentNumber: 'quote-lost',
            salesOrderLines: [{ itemId: itemNumbered('1002').id, quantity: 1 }],
          },
        },
      ]);
    } finally {
      erp.faults.configure({});
    }
    expect(isAmbiguousWrite(failure(result))).toBe(true);
    const [found] = await client.searchByKeys('salesOrder', { externalDocumentNumber: 'quote-lost' });
    expect(found?.fields.salesOrderLines).toMatchObject([{ itemId: itemNumbered('1002').id, quantity: 1 }]);
  });

  it('follows the fulfilment simulator through invoices and payments by lastModifiedDateTime', async () => {
    const [created] = await client.upsertBatch('salesOrder', [
      {
        key: 'quote-200',
        fields: {
          customerId,
          externalDocumentNumber: 'quote-200',
          salesOrderLines: [{ itemId: itemNumbered('1001').id, quantity: 1 }],
        },
      },
    ]);
    const order = okRecord(created);
    const since = order.updatedAt;
    const response = await fetch(`${erp.url}/__admin/fulfil`, {
      method: 'POST',
      body: JSON.stringify({ orderId: order.id }),
    });
    expect(response.status).toBe(200);

    const orders = await client.listChanges({ entity: 'salesOrder', since });
    expect(orders.records.find((r) => r.id === order.id)?.fields).toMatchObject({
      status: 'Released',
      fullyShipped: true,
    });
    const [invoice] = (await client.listChanges({ entity: 'salesInvoice', since })).records;
    expect(invoice?.fields).toMatchObject({
      orderId: order.id,
      externalDocumentNumber: 'quote-200',
      status: 'Paid',
      remainingAmount: 0,
    });
    expect(invoice?.associations).toEqual({ customer: [customerId] });
    const [payment] = await client.searchByKeys('customerPayment', { appliesToInvoiceId: String(invoice?.id) });
    expect(payment?.fields).toMatchObject({
      amount: order.fields.totalAmountIncludingTax,
      externalDocumentNumber: 'quote-200',
    });
    expect(mockErpConnector.entities.customerPayment.schema.safeParse(payment?.fields).success).toBe(true);
    expect(mockErpConnector.entities.salesInvoice.schema.safeParse(invoice?.fields).success).toBe(true);
  });

  it('creates, updates and finds billing contracts and sales quotes', async () => {
    const [contract, quote] = await Promise.all([
      client.upsertBatch('billingContract', [
        {
          key: 'deal-1',
          fields: { customerId, externalDocumentNumber: 'deal-1', startDate: '2026-01-01', amount: 900 },
        },
      ]),
      client.upsertBatch('salesQuote', [{ key: 'q', fields: { customerId, externalDocumentNumber: 'hs-quote-1' } }]),
    ]);
    const created = okRecord(contract[0]);
    expect(okRecord(quote[0]).fields).toMatchObject({ status: 'Draft', externalDocumentNumber: 'hs-quote-1' });
    const [updated] = await client.upsertBatch('billingContract', [
      { key: 'deal-1', id: created.id, etag: created.etag, fields: { status: 'Cancelled' } },
    ]);
    expect(okRecord(updated).fields.status).toBe('Cancelled');
    const [found] = await client.searchByKeys('billingContract', { externalDocumentNumber: 'deal-1' });
    expect(found?.fields).toMatchObject({ status: 'Cancelled', amount: 900, billingPeriod: 'Monthly' });
    const described = await client.describeEntity('salesOrder');
    expect(described.fields.find((field) => field.name === 'salesOrderLines')).toMatchObject({ type: 'array' });
  });
});
