import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTryton, startTryton } from '../../../tests/support/tryton/start-tryton';
import { createTrytonClient, type TrytonClient } from './create-tryton-client';

describe('Tryton connector against a real Tryton 6.0', () => {
  let tryton: RunningTryton;
  let client: TrytonClient;
  let customerId: string;
  let variantId: string;
  /** A product without an accounting category: invoicing it on order cannot work. */
  let unaccountedVariantId: string;

  const created = async (entity: string, fields: Record<string, unknown>) => {
    const [result] = await client.upsertBatch(entity, [{ key: 'k', fields }]);
    if (!result?.ok) throw result?.error ?? new Error('no result');
    return result.record;
  };

  beforeAll(async () => {
    tryton = await startTryton();
    client = createTrytonClient({ ...tryton.config, retries: 0 });
    customerId = (await created('customer', { displayName: 'Sale Customer', addressLine1: '1 Quay', city: 'Nantes' }))
      .id;
    const [goods] = await client.rpc.model<number[]>('product.category', 'search', [
      [['name', '=', 'Goods']],
      0,
      1,
      null,
    ]);
    const item = await created('item', {
      name: 'Sale Widget',
      code: 'SW-1',
      listPrice: '10.50',
      accountCategoryId: String(goods),
    });
    variantId = (item.fields.variants as { id: string }[])[0]!.id;
    const bare = await created('item', { name: 'Unaccounted Widget', listPrice: '1.00' });
    unaccountedVariantId = (bare.fields.variants as { id: string }[])[0]!.id;
  }, 300_000);
  afterAll(async () => {
    await client?.close();
    await tryton?.stop();
  });

  it('keeps list prices exact as Decimal strings', async () => {
    const item = await created('item', { name: 'Exact', listPrice: '0.10' });
    expect(item.fields).toMatchObject({ listPrice: '0.10', salable: true, unit: 'u' });
    const [updated] = await client.upsertBatch('item', [{ key: 'k', id: item.id, fields: { listPrice: '1234.56' } }]);
    expect(updated).toMatchObject({ ok: true, record: { fields: { listPrice: '1234.56' } } });
  });

  it('creates a batch in one call, and isolates a bad item when Tryton refuses the batch', async () => {
    const results = await client.upsertBatch('item', [
      { key: 'a', fields: { name: 'Batch A', listPrice: '1.00' } },
      { key: 'bad', fields: { listPrice: '2.00' } },
      { key: 'b', fields: { name: 'Batch B', listPrice: '3.00' } },
    ]);
    expect(results.map((r) => [r.key, r.ok])).toEqual([
      ['a', true],
      ['bad', false],
      ['b', true],
    ]);
    const bad = results[1];
    if (bad?.ok !== false) throw new Error('expected a failure');
    expect(bad.error).toMatchObject({ code: 'validation_failed', fieldErrors: [{ field: 'name' }] });
    expect(await client.searchByKeys('item', { name: 'Batch A' })).toHaveLength(1);
  });

  it('creates, quotes and confirms a sale, reading the processed state back', async () => {
    const sale = await created('sale', {
      reference: 'QUOTE-1001',
      customerId,
      invoiceMethod: 'manual',
      shipmentMethod: 'manual',
      lines: [{ productId: variantId, quantity: 3, unitPrice: '10.50', description: 'Widgets' }],
    });
    expect(['processing', 'done']).toContain(sale.fields.state);
    expect(sale.fields).toMatchObject({
      reference: 'QUOTE-1001',
      customerId,
      totalAmount: '31.50',
      lines: [{ productId: variantId, quantity: 3, unitPrice: '10.50', description: 'Widgets' }],
    });
    const found = await client.searchByKeys('sale', { reference: 'QUOTE-1001' });
    expect(found.map((r) => r.id)).toEqual([sale.id]);
  });

  it('invoices a sale on order: the sale is processing and its draft invoice links back to it', async () => {
    const sale = await created('sale', {
      reference: 'QUOTE-2001',
      customerId,
      invoiceMethod: 'order',
      shipmentMethod: 'manual',
      lines: [{ productId: variantId, quantity: 2, unitPrice: '10.50' }],
    });
    expect(sale.fields).toMatchObject({ state: 'processing', invoiceState: 'waiting', totalAmount: '21.00' });
    const invoices = (await client.listChanges({ entity: 'invoice', since: null })).records;
    const invoice = invoices.find((r) => (r.fields.saleIds as string[]).includes(sale.id));
    expect(invoice?.fields).toMatchObject({ type: 'out', state: 'draft', customerId, totalAmount: '21.00' });
    const [read] = await client.readByIds('invoice', [invoice!.id]);
    expect(read?.fields.state).toBe('draft');
    const [refused] = await client.upsertBatch('invoice', [{ key: 'k', fields: { state: 'paid' } }]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
  });

  it('reports a sale whose confirm "succeeded" but whose processing failed as a failed item', async () => {
    // Invoicing on order needs the product's accounting category, which this one lacks:
    // Tryton's confirm answers success, and only the state read back shows the sale was not
    // processed (the reason is in the server log).
    const [result] = await client.upsertBatch('sale', [
      {
        key: 'quote-1002',
        fields: {
          reference: 'QUOTE-1002',
          customerId,
          invoiceMethod: 'order',
          shipmentMethod: 'manual',
          lines: [{ productId: unaccountedVariantId, quantity: 1, unitPrice: '1.00' }],
        },
      },
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    if (result?.ok !== false) throw new Error('expected a failure');
    expect(result.error.message).toMatch(/confirm returned but the sale is "confirmed"/);
    // The sale exists: its reference lets the engine find it instead of creating a second one.
    const found = await client.searchByKeys('sale', { reference: 'QUOTE-1002' });
    expect(found).toHaveLength(1);
    expect(result.error.details).toMatchObject({ id: found[0]!.id });
  });

  it('logs in again once when the session is gone (server restarted on a fresh database)', async () => {
    expect((await client.health()).ok).toBe(true);
    await tryton.restore();
    const page = await client.listChanges({ entity: 'customer', since: null });
    expect(page.records.map((r) => r.fields.displayName)).toEqual(['Bridge Test Company']);
  });
});
