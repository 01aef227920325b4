import { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { ConnectorRecord, EntityMap, UpsertItem, UpsertResult } from '../connector-types';
import { defineConnector } from '../define-connector';

/** Ways the double can be broken, to prove the acceptance checks catch each. */
export interface MemoryConnectorFaults {
  /** Start every page after the first with the last record of the previous page. */
  repeatAcrossPages?: boolean;
  /** Page by offset, so an edit while paging shifts records past the reader. */
  offsetPaging?: boolean;
  /** Treat `since` as exclusive. */
  exclusiveSince?: boolean;
}

/** Shape of the double beyond the default single `thing` entity (engine tests of several entities). */
export interface MemoryConnectorShape {
  /** Connector id; default `memory-double`. */
  id?: string;
  /** Entities served, each with its own records; default one entity `thing`. */
  entities?: EntityMap;
  /** Entity -> prefix of the `number` the system assigns on create (`SO` gives `SO12`), as ERPs do. */
  numbers?: Record<string, string>;
  /** Refuses an item the way a system answers a 400 (an ERP order check); undefined accepts it. */
  refuse?: (entity: string, item: UpsertItem) => IntegrationError | undefined;
}

/**
 * An in-memory connector: correct by default, and broken on purpose with
 * {@link MemoryConnectorFaults} to test the acceptance kit itself; with a
 * {@link MemoryConnectorShape} it serves several entities for engine tests. `seed` adds a record
 * (with associations) without going through a write; `records` is an entity's live store.
 * Not for production use.
 *
 * @example
 * const definition = memoryConnectorDouble({ repeatAcrossPages: true });
 * const erp = memoryConnectorDouble({}, { id: 'erp-double', entities: { item, salesOrder } });
 */
export function memoryConnectorDouble(faults: MemoryConnectorFaults = {}, shape: MemoryConnectorShape = {}) {
  const stores = new Map<string, Map<string, ConnectorRecord>>();
  const recordsOf = (entity: string) => {
    const store = stores.get(entity) ?? new Map<string, ConnectorRecord>();
    stores.set(entity, store);
    return store;
  };
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let nextId = 1;
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const order = (a: ConnectorRecord, b: ConnectorRecord) =>
    a.updatedAt === b.updatedAt ? Number(a.id) - Number(b.id) : a.updatedAt < b.updatedAt ? -1 : 1;

  const definition = defineConnector({
    id: shape.id ?? 'memory-double',
    version: '0.0.1',
    entities: shape.entities ?? {
      thing: { label: 'Thing', schema: z.object({ name: z.string() }), searchKeys: ['name'] },
    },
    capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys'],
    configSchema: z.object({}),
    methods: () => ({
      async listChanges({ entity, since, pageToken, limit = 5 }) {
        const matching = [...recordsOf(entity).values()]
          .filter((r) => since === null || (faults.exclusiveSince ? r.updatedAt > since : r.updatedAt >= since))
          .sort(order);
        let start = 0;
        if (faults.offsetPaging) start = Number(pageToken ?? 0);
        else if (pageToken) {
          const [at, id] = JSON.parse(pageToken) as [string, string];
          start = matching.findIndex((r) => order(r, { id, updatedAt: at, fields: {} }) > 0);
          if (start < 0) start = matching.length;
        }
        if (faults.repeatAcrossPages && pageToken) start = Math.max(0, start - 1);
        const page = matching.slice(start, start + limit);
        const last = page.at(-1);
        const more = start + limit < matching.length;
        const token = faults.offsetPaging ? String(start + limit) : JSON.stringify([last?.updatedAt, last?.id]);
        return { records: page.map((r) => structuredClone(r)), ...(more ? { nextPageToken: token } : {}) };
      },
      async readByIds(entity, ids) {
        const records = recordsOf(entity);
        return ids.flatMap((id) => (records.has(id) ? [structuredClone(records.get(id)!)] : []));
      },
      async upsertBatch(entity, items) {
        const records = recordsOf(entity);
        return items.map((item): UpsertResult => {
          const refused = shape.refuse?.(entity, item);
          if (refused) return { key: item.key, ok: false, error: refused };
          if (item.id !== undefined && !records.has(item.id)) {
            return { key: item.key, ok: false, error: new IntegrationError('not_found', `thing ${item.id}`) };
          }
          const id = item.id ?? String(nextId++);
          const before = records.get(id);
          const record: ConnectorRecord = {
            id,
            updatedAt: tick(),
            fields: {
              ...before?.fields,
              ...(before || !shape.numbers?.[entity] ? {} : { number: `${shape.numbers[entity]}${id}` }),
              ...item.fields,
            },
            ...(before?.associations ? { associations: before.associations } : {}),
          };
          records.set(id, record);
          return { key: item.key, ok: true, action: item.id === undefined ? 'created' : 'updated', record };
        });
      },
      async searchByKeys(entity, keys) {
        return [...recordsOf(entity).values()].filter((r) => Object.entries(keys).some(([k, v]) => r.fields[k] === v));
      },
      async health() {
        return { ok: true };
      },
    }),
  });
  const seed = (entity: string, fields: Record<string, unknown>, associations?: Record<string, string[]>) => {
    const record: ConnectorRecord = {
      id: String(nextId++),
      updatedAt: tick(),
      fields,
      ...(associations ? { associations } : {}),
    };
    recordsOf(entity).set(record.id, record);
    return record;
  };
  return Object.assign(definition, { seed, records: recordsOf });
}
