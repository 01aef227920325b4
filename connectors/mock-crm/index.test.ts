import { describe, expect, it } from 'vitest';
import { mockCrmConnector } from './index';

describe('mockCrmConnector manifest', () => {
  it('declares the lead-to-cash entities with their search keys and six capabilities (describeSchema, archive)', () => {
    expect(mockCrmConnector.id).toBe('mock-crm');
    expect(Object.keys(mockCrmConnector.entities)).toEqual([
      'company',
      'contact',
      'product',
      'deal',
      'quote',
      'line_item',
      'ticket',
    ]);
    expect(mockCrmConnector.entities.product.searchKeys?.[0]).toBe('hs_sku');
    expect(mockCrmConnector.entities.company.searchKeys).toEqual(['domain', 'name', 'tax_id', 'phone']);
    expect(mockCrmConnector.entities.contact.searchKeys).toEqual(['email']);
    expect(mockCrmConnector.capabilities).toEqual([
      'listChanges',
      'readByIds',
      'upsertBatch',
      'searchByKeys',
      'describeSchema',
      'archive',
    ]);
  });

  it('applies config defaults, rejects a bad URL, and builds an instance implementing every capability', async () => {
    const config = mockCrmConnector.configSchema.parse({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
    expect(config).toMatchObject({ timeoutMs: 10_000, pageSize: 100, retries: 3 });
    expect(mockCrmConnector.configSchema.safeParse({ baseUrl: 'not a url', token: '' }).success).toBe(false);
    const methods = mockCrmConnector.methods(config, { log: () => {} });
    expect(typeof methods.listChanges).toBe('function');
    expect(typeof methods.archiveByIds).toBe('function');
    await methods.close?.();
  });
});
