import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IntegrationError } from '../errors';
import { ConnectorRegistry } from './connector-registry';
import { defineConnector, requireCapability } from './define-connector';
import { describeZodEntity } from './describe-zod-entity';

const log = () => {};
const base = {
  id: 'demo',
  version: '1.0.0',
  entities: { thing: { label: 'Thing', schema: z.object({ name: z.string() }) } },
  configSchema: z.object({ baseUrl: z.url(), token: z.string().min(1) }),
};

describe('defineConnector', () => {
  it('refuses a manifest with a bad id or version', () => {
    expect(() =>
      defineConnector({
        ...base,
        id: 'Demo_X',
        capabilities: [],
        methods: () => ({ health: async () => ({ ok: true }) }),
      }),
    ).toThrow(/kebab-case/);
    expect(() =>
      defineConnector({
        ...base,
        version: 'one',
        capabilities: [],
        methods: () => ({ health: async () => ({ ok: true }) }),
      }),
    ).toThrow(/semver/);
  });

  it('refuses an instance missing a method for a declared capability, and the reverse', () => {
    const missing = defineConnector({
      ...base,
      capabilities: ['readByIds'],
      methods: () => ({ health: async () => ({ ok: true }) }),
    });
    expect(() => missing.methods({ baseUrl: 'http://x.test', token: 't' }, { log })).toThrow(/declares "readByIds"/);
    const undeclared = defineConnector({
      ...base,
      capabilities: [],
      methods: () => ({ health: async () => ({ ok: true }), readByIds: async () => [] }),
    });
    expect(() => undeclared.methods({ baseUrl: 'http://x.test', token: 't' }, { log })).toThrow(
      /does not declare "readByIds"/,
    );
  });

  it('pairs the optional describeSchema capability with describeEntity, like every other', async () => {
    const describing = defineConnector({
      ...base,
      capabilities: ['describeSchema'],
      methods: () => ({
        health: async () => ({ ok: true }),
        describeEntity: async (entity: string) => describeZodEntity(entity, base.entities.thing),
      }),
    });
    const instance = describing.methods({ baseUrl: 'http://x.test', token: 't' }, { log });
    expect(await instance.describeEntity?.('thing')).toEqual({
      entity: 'thing',
      fields: [{ name: 'name', type: 'string', nullable: false, required: false, readOnly: false }],
    });
    const undeclared = defineConnector({
      ...base,
      capabilities: [],
      methods: () => ({
        health: async () => ({ ok: true }),
        describeEntity: async () => ({ entity: 'x', fields: [] }),
      }),
    });
    expect(() => undeclared.methods({ baseUrl: 'http://x.test', token: 't' }, { log })).toThrow(
      /implements describeEntity\(\) but does not declare "describeSchema"/,
    );
  });

  it('archive is a capability like the others: declared means archiveByIds exists, and requireCapability hands it out', async () => {
    const archiving = defineConnector({
      ...base,
      capabilities: ['archive'],
      methods: () => ({
        health: async () => ({ ok: true }),
        archiveByIds: async (_entity: string, ids: readonly string[]) =>
          ids.map((id) => ({
            key: id,
            ok: true as const,
            action: 'updated' as const,
            record: { id, updatedAt: '2026-01-01T00:00:00.000Z', fields: {}, archived: true },
          })),
      }),
    });
    const methods = archiving.methods({ baseUrl: 'http://x.test', token: 't' }, { log });
    const archive = requireCapability({ name: 'crm', methods }, 'archive');
    expect((await archive('thing', ['7']))[0]).toMatchObject({ key: '7', ok: true, record: { archived: true } });
    const missing = defineConnector({
      ...base,
      capabilities: ['archive'],
      methods: () => ({ health: async () => ({ ok: true }) }),
    });
    expect(() => missing.methods({ baseUrl: 'http://x.test', token: 't' }, { log })).toThrow(
      /declares "archive" but does not implement archiveByIds\(\)/,
    );
    const plain = defineConnector({
      ...base,
      capabilities: [],
      methods: () => ({ health: async () => ({ ok: true }) }),
    });
    expect(() =>
      requireCapability(
        { name: 'crm', methods: plain.methods({ baseUrl: 'http://x.test', token: 't' }, { log }) },
        'archive',
      ),
    ).toThrow(/cannot archive/);
  });

  it('registry validates config, reporting every problem at once, and never echoes values', () => {
    const demo = defineConnector({
      ...base,
      capabilities: ['readByIds'],
      methods: () => ({ health: async () => ({ ok: true }), readByIds: async () => [] }),
    });
    const registry = new ConnectorRegistry().register(demo);
    try {
      registry.instantiate('crm', 'crm', 'demo', { baseUrl: 'not a url', token: '' }, { log });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IntegrationError);
      expect((error as IntegrationError).code).toBe('config_invalid');
      expect((error as Error).message).toMatch(/baseUrl/);
      expect((error as Error).message).toMatch(/token/);
    }
    expect(() => registry.instantiate('x', 'crm', 'nope', {}, { log })).toThrow(
      /unknown connector "nope" \(known: demo\)/,
    );
    const instance = registry.instantiate('crm', 'crm', 'demo', { baseUrl: 'http://x.test', token: 't' }, { log });
    expect(registry.get('crm')).toBe(instance);
    expect(typeof requireCapability(instance, 'readByIds')).toBe('function');
    expect(() => requireCapability(instance, 'upsertBatch')).toThrow(/cannot upsertBatch/);
    expect(() => registry.get('erp')).toThrow(/configured: crm/);
  });
});
