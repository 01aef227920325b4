import type { ConnectorContext, ConnectorMethods, ListChangesInput } from '../../../src/connectors';
import { IntegrationError } from '../../../src/errors';
import { archiveObjects } from './archive-objects';
import { MockCrmConfig, type MockCrmConfigInput } from './crm-config';
import { type CrmEntityType, crmEntityType } from './crm-entity-types';
import { createCrmHttp } from './crm-http';
import { type ApiObject, BatchResponse, PageResponse, parseResponse } from './crm-responses';
import { describeCrmEntity } from './describe-crm-entity';
import { readRelated, unique } from './read-related';
import { upsertItems } from './upsert-items';

/** Page tokens of the archived phase of an incremental listChanges start with this. */
const ARCHIVED_PHASE = 'archived:';
/** HubSpot's limits: 5 filter groups per search, 100 ids per batch read. */
const MAX_GROUPS = 5;
const MAX_BATCH_READ = 100;
/** searchByKeys stops after this many matches: a key matching more is not a key. */
const MAX_KEY_MATCHES = 1000;

/**
 * The mock CRM connector's methods, speaking HubSpot CRM v3/v4 over HTTP.
 * - `listChanges`: `since` null pages the object list by id (`after`); otherwise it searches
 *   `hs_lastmodifieddate >= since` sorted ascending, then pages the archived list
 *   (`archived=true`; HubSpot cannot search archived objects) for those archived at or after
 *   `since`, as records with `archived: true`. `pageToken` is HubSpot's `after`, prefixed
 *   `archived:` in that second phase. Records carry their entity's associations (list:
 *   `associations=`; search: v4 batch read); quotes carry `fields.line_items`.
 * - `readByIds`: batch read; `upsertBatch`: batch update/create with one result per item;
 *   `searchByKeys`: one EQ filter group per key (OR); `describeEntity`: the properties API;
 *   `archiveByIds`: batch archive;
 *   `health`: a one-record list.
 *
 * @example
 * const crm = createCrmClient({ baseUrl: 'http://127.0.0.1:4010', token: 'dev-crm-token' });
 * const page = await crm.listChanges({ entity: 'company', since: null });
 */
export function createCrmClient(
  input: MockCrmConfigInput,
  context?: Pick<ConnectorContext, 'rateLimiter'>,
): Required<Omit<ConnectorMethods, 'close'>> & {
  close(): Promise<void>;
} {
  const config = MockCrmConfig.parse(input);
  const http = createCrmHttp({ ...config, rateLimiter: context?.rateLimiter });

  const listPage = async (type: CrmEntityType, size: number, after: string | undefined, archived: boolean) => {
    const path = `/crm/v3/objects/${type.objectType}`;
    const associations = Object.values(type.associations);
    const response = await http.request({
      method: 'GET',
      path,
      query: {
        limit: size,
        after,
        archived: archived ? 'true' : undefined,
        properties: type.properties.join(','),
        associations: associations.length > 0 ? associations.join(',') : undefined,
      },
    });
    const page = parseResponse(PageResponse, response.data, `GET ${path}`);
    const records = await readRelated(http, type, page.results, true);
    return { records, ...(page.paging?.next ? { nextPageToken: page.paging.next.after } : {}) };
  };

  const search = async (type: CrmEntityType, body: Record<string, unknown>) => {
    const path = `/crm/v3/objects/${type.objectType}/search`;
    const response = await http.request({
      method: 'POST',
      path,
      body: { ...body, properties: type.properties },
      read: true,
    });
    return parseResponse(PageResponse, response.data, `POST ${path}`);
  };

  return {
    async listChanges({ entity, since, pageToken, limit }: ListChangesInput) {
      const type = crmEntityType(entity);
      const size = Math.min(limit ?? config.pageSize, config.pageSize);
      if (since === null) return listPage(type, size, pageToken, false);
      const sinceMs = Date.parse(since);
      if (Number.isNaN(sinceMs)) throw new IntegrationError('internal', `listChanges: "since" is not a date: ${since}`);
      if (pageToken?.startsWith(ARCHIVED_PHASE)) {
        const after = pageToken.slice(ARCHIVED_PHASE.length);
        const page = await listPage(type, size, after === '' ? undefined : after, true);
        return {
          // The archived list is in id order: only the archives made since the cursor are changes.
          records: page.records.filter((record) => Date.parse(record.updatedAt) >= sinceMs),
          ...(page.nextPageToken ? { nextPageToken: `${ARCHIVED_PHASE}${page.nextPageToken}` } : {}),
        };
      }
      const page = await search(type, {
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(sinceMs) }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        limit: size,
        ...(pageToken ? { after: pageToken } : {}),
      });
      const records = await readRelated(http, type, page.results, false);
      return { records, nextPageToken: page.paging?.next ? page.paging.next.after : ARCHIVED_PHASE };
    },

    async readByIds(entity: string, ids: readonly string[]) {
      const type = crmEntityType(entity);
      const path = `/crm/v3/objects/${type.objectType}/batch/read`;
      const found = new Map<string, ApiObject>();
      const wanted = unique(ids);
      for (let i = 0; i < wanted.length; i += MAX_BATCH_READ) {
        const inputs = wanted.slice(i, i + MAX_BATCH_READ).map((id) => ({ id }));
        const response = await http.request({
          method: 'POST',
          path,
          body: { inputs, properties: type.properties },
          read: true,
        });
        for (const object of parseResponse(BatchResponse, response.data, `POST ${path}`).results)
          found.set(object.id, object);
      }
      const objects = wanted.map((id) => found.get(id)).filter((object): object is ApiObject => object !== undefined);
      return readRelated(http, type, objects, false);
    },

    async upsertBatch(entity, items) {
      return upsertItems(http, crmEntityType(entity).objectType, items, config.pageSize);
    },

    async searchByKeys(entity: string, keys: Record<string, string>) {
      const type = crmEntityType(entity);
      const filters = Object.entries(keys)
        .filter(([, value]) => typeof value === 'string' && value.trim() !== '')
        .map(([propertyName, value]) => ({ filters: [{ propertyName, operator: 'EQ', value }] }));
      const found = new Map<string, ApiObject>();
      for (let i = 0; i < filters.length; i += MAX_GROUPS) {
        let after: string | undefined;
        do {
          const page = await search(type, {
            filterGroups: filters.slice(i, i + MAX_GROUPS),
            limit: 100,
            ...(after ? { after } : {}),
          });
          for (const object of page.results) found.set(object.id, object);
          after = page.paging?.next?.after;
        } while (after && found.size < MAX_KEY_MATCHES);
      }
      return readRelated(http, type, [...found.values()], false);
    },

    async archiveByIds(entity: string, ids: readonly string[]) {
      return archiveObjects(http, crmEntityType(entity).objectType, ids, config.pageSize);
    },

    async describeEntity(entity: string) {
      return describeCrmEntity(http, entity);
    },

    async health() {
      try {
        await http.request({ method: 'GET', path: '/crm/v3/objects/companies', query: { limit: 1 } });
        return { ok: true };
      } catch (error) {
        const detail = error instanceof IntegrationError ? `${error.code}: ${error.message}` : String(error);
        return { ok: false, detail };
      }
    },

    async close() {
      http.close();
    },
  };
}
