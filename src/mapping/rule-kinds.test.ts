import { describe, expect, it } from 'vitest';
import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';
import { compileMapping } from './compile-mapping';
import { loadFlowFile } from './load-flow-file';

const head = `flow: quotes-to-orders
version: 1
source: { connector: crm, entity: quote }
target: { connector: erp, entity: salesOrder }
link: quote
fields:
`;

function compile(fields: string) {
  const { flow, problems } = loadFlowFile('mappings/test.yaml', undefined, head + fields);
  expect(problems).toEqual([]);
  return compileMapping(flow!);
}

const record = (fields: Record<string, unknown>, associations?: Record<string, string[]>): ConnectorRecord => ({
  id: 'q1',
  updatedAt: '2026-01-01T00:00:00.000Z',
  fields,
  ...(associations ? { associations } : {}),
});
const products: Record<string, string> = { p1: 'item-guid-1', p2: 'item-guid-2' };
const context = {
  xref: (link: string, id: string) =>
    link === 'product' ? products[id] : link === 'company' && id === 'c1' ? 'cust-1' : undefined,
};
const run = (fields: string, values: Record<string, unknown>, associations?: Record<string, string[]>) =>
  compile(fields).map(record(values, associations), context);

describe('field rule kinds', () => {
  it('copies and renames with from', () => {
    expect(run('  title: { from: name }\n', { name: 'Q-1' })).toEqual({ title: 'Q-1' });
  });

  it('sets constants, including null', () => {
    expect(run('  kind: { const: Order }\n  note: { const: null }\n', {})).toEqual({ kind: 'Order', note: null });
  });

  it('falls back to the default when the value is blank', () => {
    expect(run('  currency: { from: cur, default: USD }\n', { cur: '  ' })).toEqual({ currency: 'USD' });
  });

  it('fails a required field that ends up empty, naming record, field and line', () => {
    const error = (() => {
      try {
        run('  title: { from: name, required: true }\n', { name: '' });
      } catch (e) {
        return e as IntegrationError;
      }
    })();
    expect(error?.code).toBe('mapping_failed');
    expect(error?.message).toBe('record q1, field title (mappings/test.yaml:7): is required but empty');
  });

  it('joins with concat and a separator, skipping blanks', () => {
    expect(run("  ref: { concat: [a, b, c], separator: ' / ' }\n", { a: 'x', b: '', c: 'z' })).toEqual({
      ref: 'x / z',
    });
  });

  it('maps values through an inline value map, with a default', () => {
    const fields =
      '  segment: { from: industry, map: { values: { RETAIL: Commerce, MACHINERY: Industrial }, default: Other } }\n';
    expect(run(fields, { industry: 'RETAIL' })).toEqual({ segment: 'Commerce' });
    expect(run(fields, { industry: 'MINING' })).toEqual({ segment: 'Other' });
  });

  it('fails a value the map does not list when there is no default', () => {
    const fields = '  segment: { from: industry, map: { values: { RETAIL: Commerce } } }\n';
    expect(() => run(fields, { industry: 'MINING' })).toThrow(
      'record q1, field segment (mappings/test.yaml:7): "MINING" is not in the value map (and it has no default)',
    );
  });

  it('matches case-insensitively when asked', () => {
    const fields = '  segment: { from: industry, map: { values: { retail: Commerce }, ignoreCase: true } }\n';
    expect(run(fields, { industry: ' RETAIL ' })).toEqual({ segment: 'Commerce' });
  });

  it('reads value maps from lookups/*.csv', () => {
    const fields = '  segment: { from: industry, map: { file: lookups/industry-segments.csv } }\n';
    expect(run(fields, { industry: 'CHEMICALS' })).toEqual({ segment: 'Industrial' });
  });

  it('resolves cross-references through the xref store and asks to retry when not synced yet', () => {
    const fields = '  customerId: { xref: { link: company, association: company } }\n';
    expect(run(fields, {}, { company: ['c1'] })).toEqual({ customerId: 'cust-1' });
    expect(run(fields, {})).toEqual({ customerId: null });
    try {
      run(fields, {}, { company: ['c9'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IntegrationError);
      expect((error as IntegrationError).code).toBe('reference_unresolved');
      expect((error as IntegrationError).retryable).toBe(true);
    }
  });

  it('computes values with CEL expressions', () => {
    const fields = [
      "  total: { expr: 'double(source.amount) * 1.19', transforms: [{ round: 2 }] }",
      '  size: { expr: \'int(source.employees) >= 500 ? "enterprise" : "smb"\' }',
      '',
    ].join('\n');
    expect(run(fields, { amount: '100', employees: '800' })).toEqual({ total: 119, size: 'enterprise' });
  });

  it('leaves a field out when its when condition is false', () => {
    const fields = '  vatId: { from: tax_id, when: \'source.country == "DE"\' }\n';
    expect(run(fields, { tax_id: 'DE123', country: 'DE' })).toEqual({ vatId: 'DE123' });
    expect(run(fields, { tax_id: 'DE123', country: 'US' })).toEqual({});
  });

  it('fails the record when a condition cannot be evaluated, instead of treating it as false', () => {
    const fields = '  vatId: { from: tax_id, when: \'source.missing == "DE"\' }\n';
    expect(() => run(fields, { tax_id: 'x' })).toThrow(/field vatId .*No such key: missing/);
  });

  it('maps line items each with its own rules and resolves products through xref', () => {
    const fields = `  lines:
    lineItems:
      from: line_items
      when: 'double(item.quantity) > 0.0'
      fields:
        itemId: { xref: { link: product, field: hs_product_id } }
        description: { from: name, transforms: [collapseSpaces, { truncate: 20 }] }
        quantity: { from: quantity, transforms: [number] }
        unitPrice: { from: price, transforms: [number, { round: 2 }] }
        lineAmount: { expr: 'double(item.quantity) * double(item.price)' }
`;
    const mapping = compile(fields);
    const quote = record({
      line_items: [
        { hs_product_id: 'p1', name: '  Widget   large ', quantity: '2', price: '10.505' },
        { hs_product_id: 'p2', name: 'Gadget', quantity: '0', price: '5' },
        { hs_product_id: 'p2', name: 'Gadget', quantity: '3', price: '5' },
      ],
    });
    expect(mapping.references(quote)).toEqual([
      { link: 'product', sourceId: 'p1' },
      { link: 'product', sourceId: 'p2' },
      { link: 'product', sourceId: 'p2' },
    ]);
    expect(mapping.map(quote, context)).toEqual({
      lines: [
        { itemId: 'item-guid-1', description: 'Widget large', quantity: 2, unitPrice: 10.51, lineAmount: 21.01 },
        { itemId: 'item-guid-2', description: 'Gadget', quantity: 3, unitPrice: 5, lineAmount: 15 },
      ],
    });
  });

  it('makes a quote with an unsynced product wait, never writing an orphan line', () => {
    const fields = `  lines:
    lineItems:
      from: line_items
      fields:
        itemId: { xref: { link: product, field: hs_product_id } }
`;
    const quote = record({ line_items: [{ hs_product_id: 'p404' }] });
    expect(() => compile(fields).map(quote, context)).toThrow(
      expect.objectContaining({ code: 'reference_unresolved', retryable: true }),
    );
  });

  it('names the line number of a failing line item', () => {
    const fields = `  lines:
    lineItems:
      from: line_items
      fields:
        quantity: { from: quantity, transforms: [number] }
`;
    const quote = record({ line_items: [{ quantity: '1' }, { quantity: 'two' }] });
    expect(() => compile(fields).map(quote, context)).toThrow(
      'record q1, field lines (mappings/test.yaml:7): line 2, quantity: "two" is not a number',
    );
  });
});
