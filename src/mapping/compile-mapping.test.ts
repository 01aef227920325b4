import { describe, expect, it } from 'vitest';
import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';
import { compileMapping } from './compile-mapping';
import { loadFlowFile } from './load-flow-file';

const text = `flow: contacts-to-contacts
version: 3
source: { connector: crm, entity: contact }
target: { connector: erp, entity: contact }
link: contact
fields:
  displayName: { concat: [firstname, lastname], transforms: [collapseSpaces, title], required: true }
  email: { from: email, transforms: [email] }
  phoneNumber: { from: phone, transforms: [phoneE164] }
  state: { from: state, transforms: [usStateCode] }
  country: { from: country, transforms: [countryCode], default: US }
  type: { const: Person }
  customerId: { xref: { link: company, association: company } }
`;

function compile() {
  const { flow, problems } = loadFlowFile('mappings/contacts.yaml', undefined, text);
  expect(problems).toEqual([]);
  return compileMapping(flow!);
}

const record = (fields: Record<string, unknown>, company?: string): ConnectorRecord => ({
  id: '7',
  updatedAt: '2026-01-01T00:00:00.000Z',
  fields,
  ...(company ? { associations: { company: [company] } } : {}),
});

describe('compileMapping', () => {
  const mapping = compile();
  const xref = (link: string, id: string) => (link === 'company' && id === '101' ? 'guid-101' : undefined);

  it('maps dirty CRM values to clean target values', () => {
    const out = mapping.map(
      record(
        {
          firstname: '  jane ',
          lastname: "o'NEIL",
          email: ' Jane@Example.COM ',
          phone: '(415) 555-0134',
          state: 'California',
          country: '',
        },
        '101',
      ),
      { xref },
    );
    expect(out).toEqual({
      displayName: "Jane O'Neil",
      email: 'jane@example.com',
      phoneNumber: '+14155550134',
      state: 'CA',
      country: 'US',
      type: 'Person',
      customerId: 'guid-101',
    });
    expect(mapping.version).toMatch(/^3-/);
  });

  it('names record, field, file and line when a value cannot be mapped', () => {
    const run = () => mapping.map(record({ firstname: 'A', email: 'not-an-email' }), { xref });
    expect(run).toThrow(IntegrationError);
    expect(run).toThrow(
      /record 7, field email \(mappings\/contacts\.yaml:8\): "not-an-email" is not an e-mail address/,
    );
  });

  it('fails a required field that ends up empty', () => {
    expect(() => mapping.map(record({ firstname: '  ', lastname: null }), { xref })).toThrow(/displayName.*required/);
  });

  it('makes a record wait when its reference is not synced yet', () => {
    try {
      mapping.map(record({ firstname: 'A' }, '999'), { xref });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IntegrationError);
      expect((error as IntegrationError).code).toBe('reference_unresolved');
      expect((error as IntegrationError).retryable).toBe(true);
    }
    expect(mapping.references(record({}, '999'))).toEqual([{ link: 'company', sourceId: '999' }]);
  });

  it('leaves the reference empty when there is no association', () => {
    expect(mapping.map(record({ firstname: 'A' }), { xref }).customerId).toBeNull();
  });
});
