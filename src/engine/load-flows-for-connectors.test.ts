import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csvConnector } from '../../connectors/csv';
import { mockCrmConnector } from '../../connectors/mock-crm';
import { mockErpConnector } from '../../connectors/mock-erp';
import { ConnectorRegistry } from '../connectors';
import { MappingFilesInvalidError } from '../mapping';
import { loadFlowsForConnectors } from './load-flows-for-connectors';

const context = { log: () => {} };
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function registry(crm: 'csv' | 'mock-crm'): ConnectorRegistry {
  const r = new ConnectorRegistry().register(csvConnector).register(mockCrmConnector).register(mockErpConnector);
  r.instantiate(
    'crm',
    'crm',
    crm,
    crm === 'csv' ? { dir: '/nowhere' } : { baseUrl: 'http://127.0.0.1:9', token: 't' },
    context,
  );
  r.instantiate('erp', 'erp', 'mock-erp', { baseUrl: 'http://127.0.0.1:9', token: 't' }, context);
  return r;
}

function load(dir: string, crm: 'csv' | 'mock-crm') {
  const lines: string[] = [];
  const flows = loadFlowsForConnectors(dir, registry(crm), (message) => lines.push(message));
  return { names: flows.map((f) => f.loaded.spec.flow), lines };
}

describe('loadFlowsForConnectors', () => {
  it('skips the shipped flows a CSV folder cannot run, one line each naming flow and entity', () => {
    const { names, lines } = load('mappings', 'csv');
    expect(names).toEqual(['companies-to-customers', 'contacts-to-contacts']);
    expect(lines).toHaveLength(7);
    expect(lines).toContain('flow "quotes-to-sales-orders" skipped: connector "crm" (csv) has no entity "quote"');
    expect(lines).toContain('flow "items-to-products" skipped: connector "crm" (csv) has no entity "product"');
    expect(lines).toContain('flow "renewals-to-contracts" skipped: connector "crm" (csv) has no entity "deal"');
  });

  it('skips nothing when the connectors have every entity', () => {
    const { names, lines } = load('mappings', 'mock-crm');
    expect(names).toHaveLength(9);
    expect(lines).toEqual([]);
  });

  it('skips a flow that depends on a skipped flow, and still fails on a real mistake', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flows-for-connectors-'));
    temps.push(dir);
    cpSync('mappings', dir, { recursive: true });
    const contacts = join(dir, 'contacts-to-contacts.yaml');
    const text = readFileSync(contacts, 'utf8');
    writeFileSync(
      contacts,
      text.replace(
        'dependsOn: [companies-to-customers]',
        'dependsOn: [companies-to-customers, quotes-to-sales-orders]',
      ),
    );
    const { names, lines } = load(dir, 'csv');
    expect(names).toEqual(['companies-to-customers']);
    expect(lines).toContain('flow "contacts-to-contacts" skipped: it depends on skipped flow "quotes-to-sales-orders"');

    // A field the CSV company does not have is a mistake in a flow it can run: the load fails.
    const companies = join(dir, 'companies-to-customers.yaml');
    writeFileSync(companies, readFileSync(companies, 'utf8').replace('from: name', 'from: nmae'));
    expect(() => load(dir, 'csv')).toThrow(MappingFilesInvalidError);
  });
});
