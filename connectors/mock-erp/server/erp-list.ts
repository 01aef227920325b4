import type { EntitySetDef } from './erp-entities';
import { decodeSkipToken, encodeSkipToken, parseOrderBy, runPage } from './erp-query';
import { type ErpRequest, type ErpResponse, ODATA_JSON, odataError } from './erp-response';
import type { ErpTable, StoredRecord } from './erp-table';
import { compileFilter, FilterError } from './odata-filter';

/** Where a collection lives, for `@odata.context` and `@odata.nextLink`. */
export interface CollectionAddress {
  companyId: string;
  set: string;
  def: EntitySetDef;
  table: ErpTable;
  /** Records of a navigation property (`salesOrderLines` of an order), for `$expand`. */
  navigate?: (record: StoredRecord, navigation: string) => StoredRecord[];
}

const SUPPORTED = new Set(['$filter', '$orderby', '$top', '$skip', '$select', '$skiptoken', '$expand']);
const MAX_PAGE_SIZE_PREFERENCE = /odata\.maxpagesize\s*=\s*(\d+)/i;

/**
 * Answers `GET companies({id})/{set}` with `$filter`, `$orderby`, `$top`, `$skip`, `$select`
 * and server-driven paging: a page holds at most `maxPageSize` records (or fewer when the
 * client sends `Prefer: odata.maxpagesize=N`), and when more match (within `$top`), the page
 * carries an absolute `@odata.nextLink` with a `$skiptoken` for the rest.
 *
 * @example
 * const response = listCollection(request, address, 1000);
 */
export function listCollection(request: ErpRequest, address: CollectionAddress, maxPageSize: number): ErpResponse {
  const { query } = request;
  try {
    for (const name of query.keys()) {
      if (name.startsWith('$') && !SUPPORTED.has(name)) {
        throw new FilterError(`The query parameter '${name}' is not supported.`);
      }
    }
    const filterText = query.get('$filter') ?? undefined;
    const filter =
      filterText === undefined || filterText.trim() === '' ? undefined : compileFilter(filterText, address.def);
    const order = parseOrderBy(query.get('$orderby') ?? undefined, address.def);
    const top = count(query.get('$top'), '$top');
    const skip = count(query.get('$skip'), '$skip') ?? 0;
    const select = parseSelect(query.get('$select'), address.def);
    const expand = parseExpand(query.get('$expand'), address.def);
    const token = query.get('$skiptoken');
    const after = token ? decodeSkipToken(token, order) : undefined;

    const preferred = MAX_PAGE_SIZE_PREFERENCE.exec(request.header('prefer') ?? '')?.[1];
    const pageSize = Math.max(1, Math.min(maxPageSize, preferred ? Number(preferred) : maxPageSize));
    const limit = top === undefined ? pageSize : Math.min(pageSize, top);
    const page = runPage(address.table, {
      ...(filter ? { filter } : {}),
      order,
      ...(after ? { after } : {}),
      skip,
      limit,
    });

    const collectionUrl = `${request.serviceRoot}companies(${address.companyId})/${address.set}`;
    const body: Record<string, unknown> = {
      '@odata.context': `${request.serviceRoot}$metadata#companies(${address.companyId})/${address.set}`,
      value: page.rows.map((record) => expandedJson(record, address, select, expand)),
    };
    const remaining = top === undefined ? undefined : top - page.rows.length;
    if (page.hasMore && page.lastKey && (remaining === undefined || remaining > 0)) {
      const params: [string, string][] = [];
      for (const name of ['$filter', '$orderby', '$select', '$expand']) {
        const value = query.get(name);
        if (value) params.push([name, value]);
      }
      if (remaining !== undefined) params.push(['$top', String(remaining)]);
      params.push(['$skiptoken', encodeSkipToken(order, page.lastKey)]);
      // %20 rather than '+': some OData clients do not decode '+' in query strings.
      body['@odata.nextLink'] =
        `${collectionUrl}?${params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
    }
    const headers: Record<string, string> = { 'content-type': ODATA_JSON };
    if (preferred) headers['preference-applied'] = `odata.maxpagesize=${pageSize}`;
    return { status: 200, headers, body };
  } catch (error) {
    if (error instanceof FilterError) return odataError(400, 'BadRequest', error.message);
    throw error;
  }
}

/**
 * The JSON of one record as BC sends it: `@odata.etag` first, then the fields (or `$select`ed ones).
 *
 * @example
 * recordJson(record) // { '@odata.etag': 'W/"…"', id: '…', number: 'C00010', … }
 */
export function recordJson(record: StoredRecord, select?: readonly string[]): Record<string, unknown> {
  if (!select) return { '@odata.etag': record.etag, ...record.data };
  const json: Record<string, unknown> = { '@odata.etag': record.etag };
  for (const field of select) json[field] = record.data[field];
  return json;
}

/**
 * Parses `$select` against the entity set's fields; undefined means all fields.
 *
 * @example
 * parseSelect('id,displayName', ENTITY_SETS.customers) // ['id', 'displayName']
 */
export function parseSelect(text: string | null, def: EntitySetDef): string[] | undefined {
  if (text === null || text.trim() === '' || text.trim() === '*') return undefined;
  const fields = text.split(',').map((part) => part.trim());
  for (const field of fields) {
    if (!Object.hasOwn(def.fields, field)) {
      throw new FilterError(`Could not find a property named '${field}' on type '${def.odataType}' in $select.`);
    }
  }
  return fields;
}

/**
 * Parses `$expand` against the entity set's navigation properties; [] when absent.
 *
 * @example
 * parseExpand('salesOrderLines', ENTITY_SETS.salesOrders) // ['salesOrderLines']
 */
export function parseExpand(text: string | null, def: EntitySetDef): string[] {
  if (text === null || text.trim() === '') return [];
  const names = text.split(',').map((part) => part.trim());
  for (const name of names) {
    if (!def.navigations || !Object.hasOwn(def.navigations, name)) {
      throw new FilterError(`Could not find a navigation property named '${name}' on type '${def.odataType}'.`);
    }
  }
  return names;
}

/**
 * {@link recordJson} plus the `$expand`ed navigation properties, each an array of records.
 *
 * @example
 * expandedJson(order, address, undefined, ['salesOrderLines']) // { ..., salesOrderLines: [{ ... }] }
 */
export function expandedJson(
  record: StoredRecord,
  address: CollectionAddress,
  select: readonly string[] | undefined,
  expand: readonly string[],
): Record<string, unknown> {
  const json = recordJson(record, select);
  for (const name of expand) json[name] = (address.navigate?.(record, name) ?? []).map((row) => recordJson(row));
  return json;
}

function count(text: string | null, name: string): number | undefined {
  if (text === null) return undefined;
  if (!/^\d{1,9}$/.test(text.trim()))
    throw new FilterError(`The value '${text}' of ${name} is not a non-negative integer.`);
  return Number(text.trim());
}
