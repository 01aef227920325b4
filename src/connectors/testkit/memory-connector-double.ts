import { z } from 'zod';
import { IntegrationError } from '../../errors';
import type { ConnectorRecord, UpsertResult } from '../connector-types';
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

/**
 * An in-memory connector for testing the acceptance kit itself: correct by default, and
 * broken on purpose with {@link MemoryConnectorFaults}. Not for production use.
 *
 * @example
 * const definition = memoryConnectorDouble({ repeatAcrossPages: true });
 */
export function memoryConnectorDouble(faults: MemoryConnectorFaults = {}) {
  const records = new Map<string, ConnectorRecord>();
  let clock = Date.parse('2026-01-01T00:00:00Z');
  let nextId = 1;
  const tick = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };
  const order = (a: ConnectorRecord, b: ConnectorRecord) =>
    a.updatedAt === b.updatedAt ? Number(a.id) - Number(b.id) : a.updatedAt < b.updatedAt ? -1 : 1;

  return defineConnector({
    id: 'memory-double',
    version: '0.0.1',
    entities: { thing: { label: 'Thing', schema: z.object({ name: z.string() }), searchKeys: ['name'] } },
    capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys'],
    configSchema: z.object({}),
    methods: () => ({
      async listChanges({ since, pageToken, limit = 5 }) {
        const matching = [...records.values()]
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
      async readByIds(_entity, ids) {
        return ids.flatMap((id) => (records.has(id) ? [structuredClone(records.get(id)!)] : []));
      },
      async upsertBatch(_entity, items) {
        return items.map((item): UpsertResult => {
          if (item.id !== undefined && !records.has(item.id)) {
            return { key: item.key, ok: false, error: new IntegrationError('not_found', `thing ${item.id}`) };
          }
          const id = item.id ?? String(nextId++);
          const record = { id, updatedAt: tick(), fields: { ...records.get(id)?.fields, ...item.fields } };
          records.set(id, record);
          return { key: item.key, ok: true, action: item.id === undefined ? 'created' : 'updated', record };
        });
      },
      async searchByKeys(_entity, keys) {
        return [...records.values()].filter((r) => Object.entries(keys).some(([k, v]) => r.fields[k] === v));
      },
      async health() {
        return { ok: true };
      },
    }),
  });
}
