import type { ConnectorContext, ConnectorMethods, ConnectorRecord, ListChangesInput } from '../../../src/connectors';
import { IntegrationError } from '../../../src/errors';
import { MockCrmConfig, type MockCrmConfigInput } from './crm-config';
import { type CrmEntityType, crmEntityType } from './crm-entity-types';
import { createCrmHttp } from './crm-http';
import {
  type ApiObject,
  AssociationBatchResponse,
  BatchResponse,
  PageResponse,
  parseResponse,
  toConnectorRecord,
} from './crm-responses';
import { describeCrmEntity } from './describe-crm-entity';
import { upsertItems } from './upsert-items';

/** HubSpot's limits: 5 filter groups per search, 100 ids per batch read. */
const MAX_GROUPS = 5;
const MAX_BATCH_READ = 100;
/** searchByKeys stops after this many matches: a key matching more is not a key. */
const MAX_KEY_MATCHES = 1000;

/**
 * The mock CRM connector's methods, speaking HubSpot CRM v3/v4 over HTTP.
 * - `listChanges`: `since` null pages the object list by id (`after`); otherwise it searches
 *   `hs_lastmodifieddate >= since` sorted ascending. `pageToken` is HubSpot's `after`.
 *   Contacts carry `associations.company` (list: `associations=companies`; search: v4 batch read).
 * - `readByIds`: batch read; `upsertBatch`: batch update/create with one result per item;
 *   `searchByKeys`: one EQ filter group per key (OR); `describeEntity`: the properties API;
 *   `health`: a one-record list.
 *
 * @example
 * const crm = createCrmClient({ baseUrl: 'http://127.0.0.1:4010', token: 'dev-crm-token' });
 * const page = await crm.listChanges({ entity: 'company', since: null });
 */
export function createCrmClient(
  input: MockCrmConfigInput,
  context?: Pick<ConnectorContext, 'rateLimiter'>,
): Required<Omit<ConnectorMethods, 'close' | 'archiveByIds' | 'registerWebhooks'>> & {
  close(): Promise<void>;
} {
  const config = MockCrmConfig.parse(input);
  const http = createCrmHttp({ ...config, rateLimiter: context?.rateLimiter });

  const withAssociations = async (type: CrmEntityType, objects: ApiObject[]): Promise<ConnectorRecord[]> => {
    const entries = Object.entries(type.associations);
    if (entries.length === 0 || objects.length === 0) return objects.map((object) => toConnectorRecord(object));
    const byEntity: Record<string, Map<string, string[]>> = {};
    for (const [entity, toType] of entries) {
      const path = `/crm/v4/associations/${type.objectType}/${toType}/batch/read`;
      const response = await http.request({
        method: 'POST',
        path,
        body: { inputs: objects.map((object) => ({ id: object.id })) },
        read: true,
      });
      const body = parseResponse(AssociationBatchResponse, response.data, `POST ${path}`);
      byEntity[entity] = new Map(
        body.results.map((result) => [result.from.id, unique(result.to.map((to) => to.toObjectId))]),
      );
    }
    return objects.map((object) =>
      toConnectorRecord(
        object,
        Object.fromEntries(entries.map(([entity]) => [entity, byEntity[entity]?.get(object.id) ?? []])),
      ),
    );
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
      if (since === null) {
        const path = `/crm/v3/objects/${type.objectType}`;
        const associations = Object.values(type.associations);
        const response = await http.request({
          method: 'GET',
          path,
          query: {
            limit: size,
            after: pageToken,
            properties: type.properties.join(','),
            associations: associations.length > 0 ? associations.join(',') : undefined,
          },
        });
        const page = parseResponse(PageResponse, response.data, `GET ${path}`);
        const records = page.results.map((object) => toConnectorRecord(object, listedAssociations(type, object)));
        return { records, ...(page.paging?.next ? { nextPageToken: page.paging.next.after } : {}) };
      }
      const sinceMs = Date.parse(since);
      if (Number.isNaN(sinceMs)) throw new IntegrationError('internal', `listChanges: "since" is not a date: ${since}`);
      const page = await search(type, {
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(sinceMs) }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        limit: size,
        ...(pageToken ? { after: pageToken } : {}),
      });
      const records = await withAssociations(type, page.results);
      return { records, ...(page.paging?.next ? { nextPageToken: page.paging.next.after } : {}) };
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
      return withAssociations(type, objects);
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
      return withAssociations(type, [...found.values()]);
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

/** v3 list answers carry associations inline; ids may repeat across association types. */
function listedAssociations(type: CrmEntityType, object: ApiObject): Record<string, string[]> | undefined {
  const entries = Object.entries(type.associations);
  if (entries.length === 0) return undefined;
  return Object.fromEntries(
    entries.map(([entity, toType]) => [entity, unique(object.associations?.[toType]?.results.map((r) => r.id) ?? [])]),
  );
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
