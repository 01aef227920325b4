import type {
  ChangePage,
  ConnectorContext,
  ConnectorMethods,
  ConnectorRecord,
  ListChangesInput,
  UpsertItem,
  UpsertResult,
} from '../../../src/connectors';
import { describeZodEntity } from '../../../src/connectors/describe-zod-entity';
import { IntegrationError, parseRetryAfter, toIntegrationError } from '../../../src/errors';
import { ErpConnectorConfig, type ErpConnectorConfigInput } from './erp-config';
import { ERP_ENTITIES, type ErpEntityName } from './erp-entities';
import { errorFromErpFailure } from './erp-error';
import { createErpHttp } from './erp-http';
import { toConnectorRecord, toErpWriteFields } from './erp-record';
import { mapConcurrent } from './map-concurrent';

/** The mock-erp connector's methods; every capability is implemented. */
export type ErpClient = Required<
  Pick<ConnectorMethods, 'listChanges' | 'readByIds' | 'upsertBatch' | 'searchByKeys' | 'describeEntity'>
> &
  Pick<ConnectorMethods, 'health'> & { close(): Promise<void> };

interface ODataPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
}

interface BatchResponse {
  id?: unknown;
  status?: unknown;
  headers?: Record<string, string>;
  body?: unknown;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// 40 `id eq <guid>` terms keep the URL near 2 KB, under common proxy limits.
const IDS_PER_FILTER = 40;

/**
 * The Business Central API v2.0 connector: incremental reads on `lastModifiedDateTime`
 * following `@odata.nextLink`, reads by id through `$filter`, writes through `$batch` (up to
 * 100 operations per call, several calls in flight) with one result per item, and key search.
 *
 * @example
 * const erp = createErpClient({ baseUrl: 'http://127.0.0.1:4020', token: 'dev-erp-token' });
 * const page = await erp.listChanges({ entity: 'customer', since: null });
 */
export function createErpClient(input: ErpConnectorConfigInput, context?: ConnectorContext): ErpClient {
  const parsed = ErpConnectorConfig.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new IntegrationError('config_invalid', `mock-erp connector: ${problems}`);
  }
  const config = parsed.data;
  const http = createErpHttp({
    ...config,
    ...(context ? { log: context.log } : {}),
    ...(context?.rateLimiter ? { rateLimiter: context.rateLimiter } : {}),
  });
  let company: Promise<string> | undefined;

  const companyId = (): Promise<string> => {
    if (config.companyId) return Promise.resolve(config.companyId);
    company ??= http.request<ODataPage>({ method: 'GET', url: 'companies' }).then(({ data }) => {
      const first = Array.isArray(data?.value) ? (data.value[0] as { id?: unknown } | undefined) : undefined;
      if (typeof first?.id !== 'string') throw new IntegrationError('not_found', 'the ERP has no company');
      return first.id;
    });
    // A failed lookup is not cached: the next call tries again.
    company.catch(() => {
      company = undefined;
    });
    return company;
  };

  const getPage = async (entity: ErpEntityName, url: string, params?: Record<string, string>, limit?: number) => {
    const { data } = await http.request<ODataPage>({
      method: 'GET',
      url,
      ...(params ? { params } : {}),
      ...(limit ? { headers: { prefer: `odata.maxpagesize=${limit}` } } : {}),
    });
    if (!Array.isArray(data?.value)) {
      throw new IntegrationError(
        'unexpected_response',
        `GET ${ERP_ENTITIES[entity].set}: the answer has no value array`,
      );
    }
    const next = data['@odata.nextLink'];
    return {
      records: data.value.map((json) => toConnectorRecord(entity, json)),
      ...(typeof next === 'string' ? { nextPageToken: next } : {}),
    };
  };

  const getAll = async (entity: ErpEntityName, filter: string): Promise<ConnectorRecord[]> => {
    const all: ConnectorRecord[] = [];
    let page = await getPage(entity, `companies(${await companyId()})/${ERP_ENTITIES[entity].set}`, {
      $filter: filter,
      ...expandParam(entity),
    });
    all.push(...page.records);
    while (page.nextPageToken) {
      page = await getPage(entity, page.nextPageToken);
      all.push(...page.records);
    }
    return all;
  };

  const upsertChunk = async (entity: ErpEntityName, items: readonly UpsertItem[]): Promise<UpsertResult[]> => {
    const set = ERP_ENTITIES[entity].set;
    try {
      const cid = await companyId();
      const requests = items.map((item, index) => ({
        id: String(index),
        method: item.id === undefined ? 'POST' : 'PATCH',
        url:
          item.id === undefined
            ? `companies(${cid})/${set}${expandQuery(entity)}`
            : `companies(${cid})/${set}(${item.id})${expandQuery(entity)}`,
        headers: {
          'content-type': 'application/json',
          ...(item.id === undefined ? {} : { 'if-match': item.etag ?? '*' }),
        },
        body: toErpWriteFields(entity, item.fields),
      }));
      const { data } = await http.request<{ responses?: BatchResponse[] }>({
        method: 'POST',
        url: '$batch',
        headers: { 'content-type': 'application/json' },
        body: { requests },
      });
      const byId = new Map((data?.responses ?? []).map((response) => [String(response.id), response]));
      return items.map((item, index): UpsertResult => {
        const request = requests[index] as (typeof requests)[number];
        const operation = `${request.method} ${item.id === undefined ? set : `${set}(${item.id})`}`;
        const response = byId.get(String(index));
        if (!response || typeof response.status !== 'number') {
          const error = new IntegrationError('unexpected_response', `${operation}: no answer in the $batch response`);
          return { key: item.key, ok: false, error };
        }
        const headers = lowerCaseKeys(response.headers);
        if (response.status === 429) {
          // A throttled operation inside a batch slows the whole connector too.
          void context?.rateLimiter?.pause(parseRetryAfter(headers['retry-after']) ?? 1000);
        }
        if (response.status >= 300) {
          const error = errorFromErpFailure({
            status: response.status,
            body: response.body,
            retryAfter: headers['retry-after'],
            operation,
          });
          return { key: item.key, ok: false, error };
        }
        try {
          const action = item.id === undefined ? 'created' : 'updated';
          return { key: item.key, ok: true, action, record: toConnectorRecord(entity, response.body) };
        } catch (error) {
          return { key: item.key, ok: false, error: toIntegrationError(error) };
        }
      });
    } catch (error) {
      // The whole call failed (transport, 401, 429, ...): every item shares its fate.
      const shared = toIntegrationError(error);
      return items.map((item) => ({ key: item.key, ok: false, error: shared }));
    }
  };

  return {
    async listChanges(input: ListChangesInput): Promise<ChangePage> {
      const entity = entityOf(input.entity);
      if (input.pageToken) return getPage(entity, input.pageToken, undefined, input.limit);
      const params: Record<string, string> = { $orderby: 'lastModifiedDateTime asc', ...expandParam(entity) };
      if (input.since !== null) params.$filter = `lastModifiedDateTime ge ${isoInstant(input.since)}`;
      return getPage(entity, `companies(${await companyId()})/${ERP_ENTITIES[entity].set}`, params, input.limit);
    },

    async readByIds(entityName: string, ids: readonly string[]): Promise<ConnectorRecord[]> {
      const entity = entityOf(entityName);
      // Ids that are not GUIDs cannot exist in BC; asking would only earn a 400.
      const wanted = [...new Set(ids.filter((id) => GUID.test(id)).map((id) => id.toLowerCase()))];
      const chunks: string[][] = [];
      for (let i = 0; i < wanted.length; i += IDS_PER_FILTER) chunks.push(wanted.slice(i, i + IDS_PER_FILTER));
      const pages = await mapConcurrent(chunks, config.parallelBatches, (chunk) =>
        getAll(entity, chunk.map((id) => `id eq ${id}`).join(' or ')),
      );
      const byId = new Map(pages.flat().map((record) => [record.id.toLowerCase(), record]));
      // In the caller's order, each record once.
      return wanted.flatMap((id) => byId.get(id) ?? []);
    },

    async upsertBatch(entityName: string, items: readonly UpsertItem[]): Promise<UpsertResult[]> {
      const entity = entityOf(entityName);
      const chunks: UpsertItem[][] = [];
      for (let i = 0; i < items.length; i += config.batchSize) chunks.push(items.slice(i, i + config.batchSize));
      const results = await mapConcurrent(chunks, config.parallelBatches, (chunk) => upsertChunk(entity, chunk));
      return results.flat();
    },

    async searchByKeys(entityName: string, keys: Record<string, string>): Promise<ConnectorRecord[]> {
      const entity = entityOf(entityName);
      const allowed: readonly string[] = ERP_ENTITIES[entity].searchKeys;
      const terms: string[] = [];
      for (const [field, value] of Object.entries(keys)) {
        if (!allowed.includes(field)) {
          throw new IntegrationError(
            'config_invalid',
            `mock-erp ${entity}: "${field}" is not a search key (${allowed.join(', ')})`,
          );
        }
        if (typeof value === 'string' && value.trim() !== '') {
          terms.push(`${field} eq '${value.replaceAll("'", "''")}'`);
        }
      }
      return terms.length === 0 ? [] : getAll(entity, terms.join(' or '));
    },

    // Business Central's metadata document is large XML; the connector's own entity
    // definitions are the description it writes against, so it describes from those.
    async describeEntity(name: string) {
      const entity = entityOf(name);
      return describeZodEntity(entity, ERP_ENTITIES[entity]);
    },

    async health() {
      try {
        const { data } = await http.request<ODataPage>({ method: 'GET', url: 'companies' });
        const count = Array.isArray(data?.value) ? data.value.length : 0;
        return { ok: count > 0, detail: `${count} compan${count === 1 ? 'y' : 'ies'}` };
      } catch (error) {
        return { ok: false, detail: toIntegrationError(error).message };
      }
    },

    async close() {
      http.close();
    },
  };
}

function entityOf(name: string): ErpEntityName {
  if (Object.hasOwn(ERP_ENTITIES, name)) return name as ErpEntityName;
  throw new IntegrationError(
    'config_invalid',
    `mock-erp has no entity "${name}" (${Object.keys(ERP_ENTITIES).join(', ')})`,
  );
}

/** `{ $expand }` for entities read with a navigation property (an order's lines), else `{}`. */
function expandParam(entity: ErpEntityName): Record<string, string> {
  const def = ERP_ENTITIES[entity];
  return 'expand' in def ? { $expand: def.expand } : {};
}

function expandQuery(entity: ErpEntityName): string {
  const { $expand } = expandParam(entity);
  return $expand ? `?$expand=${$expand}` : '';
}

function isoInstant(since: string): string {
  const ms = Date.parse(since);
  if (Number.isNaN(ms)) throw new IntegrationError('internal', `listChanges: since "${since}" is not an ISO-8601 time`);
  return new Date(ms).toISOString();
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = String(value);
  return out;
}
