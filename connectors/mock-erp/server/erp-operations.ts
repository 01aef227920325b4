import { createSalesOrder } from './create-sales-order';
import { customerDeleteRefusal } from './customer-delete-refusal';
import { entitySet } from './erp-entities';
import { type CollectionAddress, expandedJson, listCollection, parseExpand, parseSelect, recordJson } from './erp-list';
import { type ErpRequest, type ErpResponse, ODATA_JSON, odataError } from './erp-response';
import type { ErpStore } from './erp-store';
import type { StoredRecord } from './erp-table';
import { FilterError } from './odata-filter';
import { orderLines } from './order-lines';
import { validateWrite } from './validate-write';

/** Options of {@link createErpOperations}. */
export interface ErpOperationsOptions {
  store: ErpStore;
  /** Most records per page before the server adds `@odata.nextLink`. Default 1000. */
  maxPageSize?: number;
  /** Lowest margin per sales order line, in percent (`ERP_MIN_MARGIN_PERCENT`). Default 10. */
  minMarginPercent?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROUTE = /^companies(?:\(([^)]*)\))?(?:\/([A-Za-z]+)(?:\(([^)]*)\)(?:\/([A-Za-z]+))?)?)?$/;
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
  const minMarginPercent = options.minMarginPercent ?? 10;

  return (request) => {
    const route = ROUTE.exec(request.path);
    if (!route) return notFound(request.path);
    const [, companyKey, set, key, navigation] = route;
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
    if (!def) return notFound(request.path);
    if (request.grants !== '*' && !request.grants.has(set)) {
      const verb = PERMISSION[request.method] ?? 'Read';
      return odataError(
        403,
        'Authorization_Failed',
        `You do not have the following permissions on TableData ${def.table}: ${verb}.`,
      );
    }
    const address: CollectionAddress = {
      companyId: store.company.id,
      set,
      def,
      table: store.table(set),
      navigate: (record) => orderLines(store, record.data.id as string),
    };
    const context = `${request.serviceRoot}$metadata#companies(${store.company.id})/${set}/$entity`;
    const entityJson = (record: StoredRecord, expand: readonly string[] = []) => ({
      '@odata.context': context,
      ...expandedJson(record, address, undefined, expand),
    });
    const exists = store.exists.bind(store);
    if (def.serverWritten && request.method !== 'GET') {
      // Lines belong to their order: created with it (deep insert), never on their own.
      return methodNotAllowed('GET');
    }

    if (key === undefined) {
      if (request.method === 'GET') return listCollection(request, address, maxPageSize);
      if (request.method !== 'POST') return methodNotAllowed('GET, POST');
      let record: StoredRecord;
      let expand: string[] = [];
      if (set === 'salesOrders') {
        try {
          expand = parseExpand(request.query.get('$expand'), def);
        } catch (error) {
          if (error instanceof FilterError) return odataError(400, 'BadRequest', error.message);
          throw error;
        }
        const created = createSalesOrder(store, request.body, minMarginPercent);
        if (created.kind === 'invalid') return invalid(created.issues);
        if (created.kind === 'rejected') return odataError(400, created.rejection.code, created.rejection.message);
        record = created.order;
      } else {
        const result = validateWrite(def, request.body, 'create', exists);
        if (!result.ok) return invalid(result.issues);
        record = store.create(set, result.values);
      }
      const location = `${request.serviceRoot}companies(${store.company.id})/${set}(${record.data.id})`;
      return { ...json(201, entityJson(record, expand), { etag: record.etag, location }), committed: true };
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
    if (navigation !== undefined) {
      const target = def.navigations?.[navigation];
      if (!target) return notFound(request.path);
      if (request.method !== 'GET') return methodNotAllowed('GET');
      return json(200, {
        '@odata.context': `${request.serviceRoot}$metadata#companies(${store.company.id})/${set}(${current.data.id})/${navigation}`,
        value: (address.navigate?.(current, navigation) ?? []).map((row) => recordJson(row)),
      });
    }
    switch (request.method) {
      case 'GET': {
        try {
          const select = parseSelect(request.query.get('$select'), def);
          const expand = parseExpand(request.query.get('$expand'), def);
          const body = { '@odata.context': context, ...expandedJson(current, address, select, expand) };
          return json(200, body, { etag: current.etag });
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
        const inUse = set === 'customers' ? customerDeleteRefusal(store, id) : undefined;
        if (inUse) return odataError(400, 'Application_CustomerHasOpenDocuments', inUse);
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
