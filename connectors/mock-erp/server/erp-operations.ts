import { entitySet, PLANNED_ENTITY_SETS } from './erp-entities';
import { type CollectionAddress, listCollection, parseSelect, recordJson } from './erp-list';
import { type ErpRequest, type ErpResponse, ODATA_JSON, odataError } from './erp-response';
import type { ErpStore } from './erp-store';
import type { StoredRecord } from './erp-table';
import { FilterError } from './odata-filter';
import { validateWrite } from './validate-write';

/** Options of {@link createErpOperations}. */
export interface ErpOperationsOptions {
  store: ErpStore;
  /** Most records per page before the server adds `@odata.nextLink`. Default 1000. */
  maxPageSize?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE = /^companies(?:\(([^)]*)\))?(?:\/([A-Za-z]+)(?:\(([^)]*)\))?)?$/;
const PERMISSION: Record<string, string> = { GET: 'Read', POST: 'Insert', PATCH: 'Modify', DELETE: 'Delete' };
const CONCURRENCY_TOKEN_REQUIRED =
  'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.';

/**
 * The Business Central API v2.0 subset as one function from {@link ErpRequest} to
 * {@link ErpResponse}: companies, and list/read/create/update/delete on each entity set with
 * BC's status codes and error bodies. HTTP routes and `$batch` sub-requests both call it.
 *
 * @example
 * const handle = createErpOperations({ store });
 * const response = handle({ method: 'GET', path: 'companies', ... });
 */
export function createErpOperations(options: ErpOperationsOptions): (request: ErpRequest) => ErpResponse {
  const { store } = options;
  const maxPageSize = options.maxPageSize ?? 1000;

  return (request) => {
    const route = ROUTE.exec(request.path);
    if (!route) return notFound(request.path);
    const [, companyKey, set, key] = route;
    if (companyKey === undefined) {
      if (set !== undefined) return notFound(request.path);
      if (request.method !== 'GET') return methodNotAllowed('GET');
      return json(200, { '@odata.context': `${request.serviceRoot}$metadata#companies`, value: [store.company] });
    }
    if (unquote(companyKey).toLowerCase() !== store.company.id) {
      return odataError(404, 'Internal_CompanyNotFound', `Cannot find the company '${unquote(companyKey)}'.`);
    }
    if (set === undefined) {
      if (request.method !== 'GET') return methodNotAllowed('GET');
      return json(200, { '@odata.context': `${request.serviceRoot}$metadata#companies/$entity`, ...store.company });
    }
    const def = entitySet(set);
    if (!def) {
      const planned = (PLANNED_ENTITY_SETS as readonly string[]).includes(set)
        ? ' (not implemented by the mock yet)'
        : '';
      return notFound(`${request.path}${planned}`);
    }
    if (request.grants !== '*' && !request.grants.has(set)) {
      const verb = PERMISSION[request.method] ?? 'Read';
      return odataError(
        403,
        'Authorization_Failed',
        `You do not have the following permissions on TableData ${def.table}: ${verb}.`,
      );
    }
    const address: CollectionAddress = { companyId: store.company.id, set, def, table: store.table(set) };
    const context = `${request.serviceRoot}$metadata#companies(${store.company.id})/${set}/$entity`;
    const entityJson = (record: StoredRecord) => ({ '@odata.context': context, ...recordJson(record) });
    const exists = store.exists.bind(store);

    if (key === undefined) {
      if (request.method === 'GET') return listCollection(request, address, maxPageSize);
      if (request.method !== 'POST') return methodNotAllowed('GET, POST');
      const result = validateWrite(def, request.body, 'create', exists);
      if (!result.ok) return invalid(result.issues);
      const record = store.create(set, result.values);
      const location = `${request.serviceRoot}companies(${store.company.id})/${set}(${record.data.id})`;
      return { ...json(201, entityJson(record), { etag: record.etag, location }), committed: true };
    }

    const id = unquote(key);
    if (!GUID.test(id)) return odataError(400, 'BadRequest', `The key '${id}' of ${set} is not a valid GUID.`);
    const current = store.get(set, id);
    if (!current) {
      return odataError(
        404,
        'Internal_RecordNotFound',
        `The ${def.table} does not exist. Identification fields and values: Id='${id.toLowerCase()}'.`,
      );
    }
    switch (request.method) {
      case 'GET': {
        try {
          const select = parseSelect(request.query.get('$select'), def);
          return json(200, { '@odata.context': context, ...recordJson(current, select) }, { etag: current.etag });
        } catch (error) {
          if (error instanceof FilterError) return odataError(400, 'BadRequest', error.message);
          throw error;
        }
      }
      case 'PATCH': {
        const refused = checkIfMatch(request, current);
        if (refused) return refused;
        const result = validateWrite(def, request.body, 'update', exists);
        if (!result.ok) return invalid(result.issues);
        const record = store.update(set, id, result.values) as StoredRecord;
        return { ...json(200, entityJson(record), { etag: record.etag }), committed: true };
      }
      case 'DELETE': {
        const refused = checkIfMatch(request, current);
        if (refused) return refused;
        store.delete(set, id);
        return { status: 204, headers: {}, committed: true };
      }
      default:
        return methodNotAllowed('GET, PATCH, DELETE');
    }
  };
}

/** BC refuses writes without a concurrency token, and with one that is no longer current. */
function checkIfMatch(request: ErpRequest, current: StoredRecord): ErpResponse | undefined {
  const ifMatch = request.header('if-match')?.trim();
  if (!ifMatch) return odataError(400, 'BadRequest', CONCURRENCY_TOKEN_REQUIRED);
  if (ifMatch === '*' || ifMatch === current.etag) return undefined;
  return odataError(412, 'Request_EntityChanged', 'Another user has already changed the record.');
}

function invalid(issues: readonly { code: string; target: string; message: string }[]): ErpResponse {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more field errors)` : '';
  return odataError(400, first?.code ?? 'BadRequest', `${first?.message ?? 'Invalid request.'}${more}`, issues);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): ErpResponse {
  return { status, headers: { 'content-type': ODATA_JSON, ...headers }, body };
}

function notFound(path: string): ErpResponse {
  return odataError(404, 'BadRequest_NotFound', `No HTTP resource was found that matches the request URI '${path}'.`);
}

function methodNotAllowed(allow: string): ErpResponse {
  return odataError(405, 'BadRequest_MethodNotAllowed', `The requested method is not allowed; use ${allow}.`, [], {
    allow,
  });
}

function unquote(key: string): string {
  return key.startsWith("'") && key.endsWith("'") && key.length >= 2 ? key.slice(1, -1) : key;
}
