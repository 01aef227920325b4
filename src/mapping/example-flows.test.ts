import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeZodEntity } from '../connectors';
import { compileMapping } from './compile-mapping';
import type { EntityCatalog } from './load-flow-file';
import { loadFlowFile } from './load-flow-file';
import { formatProblem } from './load-mappings';

// The documented example uses entities the mocks do not serve yet (quotes, sales orders), so it
// is validated here against schemas shaped like HubSpot quotes and Business Central orders.
const text = z.string().nullable();
const schemas: Record<string, { schema: z.ZodObject; requiredFields?: string[]; readOnlyFields?: string[] }> = {
  'crm.quote': {
    schema: z.object({
      hs_object_id: z.string(),
      hs_createdate: text,
      hs_currency: text,
      payment_terms: z.enum(['NET30', 'NET60', 'PREPAID']).nullable(),
      industry: z.enum(['RETAIL', 'MACHINERY', 'CHEMICALS']).nullable(),
      hs_discount_percentage: text,
      amount: text,
      line_items: z.array(z.object({})).nullable(),
    }),
  },
  'erp.salesOrder': {
    schema: z.object({
      id: z.string(),
      externalDocumentNumber: z.string(),
      customerId: z.string(),
      orderDate: z.string(),
      currencyCode: z.string(),
      paymentTermsCode: z.string(),
      segment: z.string(),
      discountPercent: z.number(),
      totalMinor: z.number(),
      status: z.string(),
      salesOrderLines: z.array(z.object({})),
    }),
    requiredFields: ['externalDocumentNumber', 'customerId'],
    readOnlyFields: ['id'],
  },
};
const catalog: EntityCatalog = (connector, entity) => {
  const definition = schemas[`${connector}.${entity}`];
  if (!definition) return { ok: false, reason: `no ${connector}.${entity}` };
  const description = describeZodEntity(entity, definition);
  return { ok: true, fields: description.fields.map((f) => f.name), description };
};

describe('mappings/examples/quotes-to-sales-orders.yaml', () => {
  const { flow, problems } = loadFlowFile('mappings/examples/quotes-to-sales-orders.yaml', catalog);

  it('validates against the example schemas', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('maps an accepted quote with its line items', () => {
    const products: Record<string, string> = { p1: 'item-1' };
    const out = compileMapping(flow!).map(
      {
        id: 'q1',
        updatedAt: '2026-01-01T00:00:00Z',
        associations: { company: ['c1'] },
        fields: {
          hs_object_id: 'q1',
          hs_createdate: '2026-03-31T23:30:00Z',
          hs_currency: ' eur ',
          payment_terms: 'net30',
          industry: 'CHEMICALS',
          hs_discount_percentage: null,
          amount: '1234.5',
          line_items: [
            { hs_product_id: 'p1', name: ' Pump   A ', quantity: '2', price: '617.25' },
            { hs_product_id: 'p1', name: 'Sample', quantity: '0', price: '0' },
          ],
        },
      },
      {
        xref: (link, id) =>
          link === 'company' && id === 'c1' ? 'cust-1' : link === 'product' ? products[id] : undefined,
      },
    );
    expect(out).toEqual({
      externalDocumentNumber: 'q1',
      customerId: 'cust-1',
      orderDate: '2026-04-01',
      currencyCode: 'EUR',
      paymentTermsCode: '30 DAYS',
      segment: 'Other',
      totalMinor: 123450,
      salesOrderLines: [
        { itemId: 'item-1', description: 'Pump A', quantity: 2, unitPrice: 617.25, lineAmount: 1234.5 },
      ],
    });
  });
});
