import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mockCrmConnector } from '../../connectors/mock-crm';
import { mockErpConnector } from '../../connectors/mock-erp';
import { ConnectorRegistry } from '../../src/connectors';
import { entityCatalog } from '../../src/engine';
import { compileMapping } from '../../src/mapping/compile-mapping';
import { loadFlowFile } from '../../src/mapping/load-flow-file';
import { flowFilesIn, formatProblem, validateMappings } from '../../src/mapping/load-mappings';

// The lead-to-cash flows, checked against the real mock connectors' entity schemas.
const registry = new ConnectorRegistry().register(mockCrmConnector).register(mockErpConnector);
registry.instantiate('crm', 'crm', 'mock-crm', { baseUrl: 'http://127.0.0.1:9', token: 't' }, { log: () => {} });
registry.instantiate('erp', 'erp', 'mock-erp', { baseUrl: 'http://127.0.0.1:9', token: 't' }, { log: () => {} });
const catalog = entityCatalog(registry);
const LEAD_TO_CASH = [
  'inventory-to-products.yaml',
  'invoices-to-deals.yaml',
  'items-to-products.yaml',
  'orders-to-deals.yaml',
  'payments-to-deals.yaml',
  'quotes-to-sales-orders.yaml',
  'renewals-to-contracts.yaml',
];
const leadToCashFiles = () => flowFilesIn('mappings').filter((f) => LEAD_TO_CASH.includes(f.replace(/^.*\//, '')));

describe('lead-to-cash flows in mappings/', () => {
  it('has a flow for every synced row of the ownership table, and none for tickets', () => {
    const names = leadToCashFiles().map((f) => f.replace(/^.*\//, ''));
    expect(names).toEqual(LEAD_TO_CASH);
    expect(flowFilesIn('mappings').some((f) => /ticket/.test(f))).toBe(false);
  });

  it('validates against the mock connectors entity schemas, dependsOn included', () => {
    const { problems } = validateMappings(leadToCashFiles(), catalog, [
      'companies-to-customers',
      'contacts-to-contacts',
    ]);
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('reports a misspelt feedback field with file:line', () => {
    const text = readFileSync('mappings/quotes-to-sales-orders.yaml', 'utf8').replace(
      'erp_order_number: ',
      'erp_order_numbr: ',
    );
    const { problems } = loadFlowFile('mappings/quotes-to-sales-orders.yaml', catalog, text);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        /quotes-to-sales-orders\.yaml:\d+:\d+: field "erp_order_numbr" does not exist on crm\.quote.*erp_order_number/,
      ),
    ]);
  });

  it('maps an accepted quote into an order with lines through the product links', () => {
    const refs = { company: { c1: 'cust-1' }, product: { p1: 'item-1' } };
    const { flow } = loadFlowFile('mappings/quotes-to-sales-orders.yaml', catalog);
    const out = compileMapping(flow!).map(
      {
        id: '7',
        updatedAt: '2026-01-01T00:00:00Z',
        associations: { company: ['c1'], deal: ['d1'] },
        fields: {
          hs_object_id: '7',
          createdate: '2026-03-31T23:30:00Z',
          hs_currency: ' eur ',
          hs_status: 'ACCEPTED',
          line_items: [
            {
              id: 'l1',
              hs_product_id: 'p1',
              name: ' Bicycle ',
              quantity: '5',
              price: '100',
              hs_discount_percentage: null,
            },
            { id: 'l2', hs_product_id: 'p1', name: 'Free sample', quantity: '0', price: '0' },
          ],
        },
      },
      { xref: (link, id) => (refs as Record<string, Record<string, string>>)[link]?.[id] },
    );
    expect(out).toEqual({
      externalDocumentNumber: '7',
      customerId: 'cust-1',
      orderDate: '2026-04-01',
      currencyCode: 'EUR',
      salesOrderLines: [
        { itemId: 'item-1', lineType: 'Item', description: 'Bicycle', quantity: 5, unitPrice: 100, discountPercent: 0 },
      ],
    });
  });
});
