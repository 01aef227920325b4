import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mockCrmConnector } from '../../connectors/mock-crm';
import { mockErpConnector } from '../../connectors/mock-erp';
import { type ConnectorRecord, ConnectorRegistry } from '../../src/connectors';
import { entityCatalog } from '../../src/engine';
import { loadMappings } from '../../src/mapping';

// Golden tests: the shipped flow files on fixed, dirty fixture records. A change in output is
// a change in what lands in customers' ERPs, so it must show up here and be reviewed.
const registry = new ConnectorRegistry().register(mockCrmConnector).register(mockErpConnector);
registry.instantiate('crm', 'crm', 'mock-crm', { baseUrl: 'http://127.0.0.1:9', token: 't' }, { log: () => {} });
registry.instantiate('erp', 'erp', 'mock-erp', { baseUrl: 'http://127.0.0.1:9', token: 't' }, { log: () => {} });
const flows = new Map(loadMappings('mappings', entityCatalog(registry)).map((f) => [f.loaded.spec.flow, f.mapping]));
const fixtures = (name: string) =>
  (JSON.parse(readFileSync(`tests/fixtures/mappings/${name}.json`, 'utf8')) as ConnectorRecord[]).map((r) => ({
    ...r,
    updatedAt: '2026-01-02T00:00:00Z',
  }));
const outcome = (flow: string, records: ConnectorRecord[], xref: (link: string, id: string) => string | undefined) =>
  records.map((record) => {
    try {
      return { id: record.id, fields: flows.get(flow)!.map(record, { xref }) };
    } catch (error) {
      return { id: record.id, error: `${(error as { code: string }).code}: ${(error as Error).message}` };
    }
  });

describe('shipped mappings (golden)', () => {
  it('companies-to-customers', () => {
    expect(outcome('companies-to-customers', fixtures('companies'), () => undefined)).toEqual(
      JSON.parse(readFileSync('tests/fixtures/mappings/companies.expected.json', 'utf8')),
    );
  });

  it('contacts-to-contacts', () => {
    const xref = (link: string, id: string) => (link === 'company' && id === '1001' ? 'erp-customer-1001' : undefined);
    expect(outcome('contacts-to-contacts', fixtures('contacts'), xref)).toEqual(
      JSON.parse(readFileSync('tests/fixtures/mappings/contacts.expected.json', 'utf8')),
    );
  });
});
