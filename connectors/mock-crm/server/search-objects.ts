import type { CrmObject } from './crm-object';
import type { CrmObjectSchema, PropertyDefinition } from './crm-schemas';
import type { CrmStore } from './crm-store';
import { HubSpotHttpError } from './hubspot-http-error';

/** One filter of a search request, as HubSpot accepts it. */
export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

/** A validated search request (the route applies defaults and limits). */
export interface SearchInput {
  filterGroups: Array<{ filters: SearchFilter[] }>;
  sorts: Array<{ propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }>;
  limit: number;
  after?: string;
}

/** One page of search results. */
export interface SearchPage {
  total: number;
  results: CrmObject[];
  /** Cursor for the next page; absent on the last page. */
  nextAfter?: string;
}

type Value = number | string | null;

interface CompiledFilter {
  test: (object: CrmObject) => boolean;
  /** Set for `hs_lastmodifieddate` GT/GTE: lets the search start inside the updatedAt index. */
  lowerBound?: { ms: number; inclusive: boolean };
}

const MODIFIED = 'hs_lastmodifieddate';

/**
 * Runs a HubSpot CRM search: filters AND within a group, groups OR; EQ/IN on strings are
 * case-insensitive; dates accept epoch ms or ISO. Results are ordered by the sort, then by
 * id, and `after` is a keyset cursor over that order, so records are never repeated or lost
 * between pages even when others change meanwhile. The common incremental query
 * (`hs_lastmodifieddate` GT/GTE, sorted by it ascending) walks the store's updatedAt index:
 * O(page), not O(store).
 *
 * @example
 * searchObjects(store, schema, {
 *   filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '1767225600000' }] }],
 *   sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
 *   limit: 100,
 * });
 */
export function searchObjects(store: CrmStore, schema: CrmObjectSchema, input: SearchInput): SearchPage {
  const groups = input.filterGroups.map((group) => group.filters.map((filter) => compileFilter(schema, filter)));
  const sorts = input.sorts.length > 0 ? input.sorts : [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }];
  const sortDefs = sorts.map((sort) => {
    const definition = schema.properties[sort.propertyName];
    if (!definition) throw HubSpotHttpError.badRequest(`Cannot sort by unknown property "${sort.propertyName}"`);
    return { name: sort.propertyName, definition, sign: sort.direction === 'DESCENDING' ? -1 : 1 };
  });
  const cursor = decodeAfter(input.after, sorts.length);
  const single = groups.length === 1 ? groups[0]! : groups.length === 0 ? [] : undefined;
  if (single && sorts.length === 1 && sorts[0]!.propertyName === MODIFIED && sortDefs[0]!.sign === 1) {
    if (typeof cursor !== 'number') return byUpdatedIndex(store, schema.name, single, input.limit, cursor);
  }

  const keyOf = (object: CrmObject): Value[] => [
    ...sortDefs.map((sort) => propertyValue(object, sort.name, sort.definition)),
    Number(object.id),
  ];
  const compare = (a: Value[], b: Value[]): number => {
    for (let i = 0; i < sortDefs.length; i++) {
      const c = compareValues(a[i]!, b[i]!) * sortDefs[i]!.sign;
      if (c !== 0) return c;
    }
    return (a[a.length - 1] as number) - (b[b.length - 1] as number);
  };
  const rows: Array<{ object: CrmObject; key: Value[] }> = [];
  for (const object of store.live(schema.name)) {
    if (groups.length === 0 || groups.some((group) => group.every((filter) => filter.test(object)))) {
      rows.push({ object, key: keyOf(object) });
    }
  }
  rows.sort((a, b) => compare(a.key, b.key));
  let start = 0;
  if (typeof cursor === 'number') start = cursor;
  else if (cursor) {
    let hi = rows.length;
    while (start < hi) {
      const mid = (start + hi) >>> 1;
      if (compare(rows[mid]!.key, cursor) <= 0) start = mid + 1;
      else hi = mid;
    }
  }
  const page = rows.slice(start, start + input.limit);
  const last = page[page.length - 1];
  const more = start + input.limit < rows.length && last !== undefined;
  return {
    total: rows.length,
    results: page.map((row) => row.object),
    ...(more ? { nextAfter: encode(last.key) } : {}),
  };
}

function byUpdatedIndex(
  store: CrmStore,
  type: string,
  filters: CompiledFilter[],
  limit: number,
  cursor: Value[] | undefined,
): SearchPage {
  let bound = { ms: Number.NEGATIVE_INFINITY, num: -1, inclusive: true };
  for (const filter of filters) {
    if (!filter.lowerBound) continue;
    const candidate = filter.lowerBound.inclusive
      ? { ms: filter.lowerBound.ms, num: -1, inclusive: true }
      : { ms: filter.lowerBound.ms, num: Number.MAX_SAFE_INTEGER, inclusive: false };
    if (candidate.ms > bound.ms || (candidate.ms === bound.ms && !candidate.inclusive)) bound = candidate;
  }
  let from = bound;
  if (cursor) {
    const after = { ms: cursor[0] as number, num: cursor[1] as number, inclusive: false };
    if (after.ms > bound.ms || (after.ms === bound.ms && after.num >= bound.num)) from = after;
  }
  const matches = (object: CrmObject) => filters.every((filter) => filter.test(object));
  const results: CrmObject[] = [];
  let more = false;
  for (const object of store.scanUpdated(type, from)) {
    if (!matches(object)) continue;
    if (results.length === limit) {
      more = true;
      break;
    }
    results.push(object);
  }
  let total: number;
  if (filters.every((filter) => filter.lowerBound)) total = store.countUpdated(type, bound);
  else {
    total = 0;
    for (const object of store.scanUpdated(type, bound)) if (matches(object)) total++;
  }
  const last = results[results.length - 1];
  const page: SearchPage = { total, results };
  if (more && last) page.nextAfter = encode([Date.parse(last.updatedAt), Number(last.id)]);
  return page;
}

function compileFilter(schema: CrmObjectSchema, filter: SearchFilter): CompiledFilter {
  const name = filter.propertyName;
  const definition = schema.properties[name];
  if (!definition) throw HubSpotHttpError.badRequest(`Property "${name}" does not exist`);
  const get = (object: CrmObject) => propertyValue(object, name, definition);
  const norm = (raw: unknown): Value => {
    if (raw === undefined || raw === null) throw HubSpotHttpError.badRequest(`Filter on "${name}" needs a value`);
    const value = normalise(String(raw), definition);
    if (value === null) throw HubSpotHttpError.badRequest(`"${String(raw)}" is not a valid value for "${name}"`);
    return value;
  };
  const compareTo = (raw: unknown, ok: (c: number) => boolean) => {
    const target = norm(raw);
    return (object: CrmObject) => {
      const value = get(object);
      return value !== null && ok(compareValues(value, target));
    };
  };
  switch (filter.operator) {
    case 'EQ':
      return { test: compareTo(filter.value, (c) => c === 0) };
    case 'NEQ': {
      const equal = compareTo(filter.value, (c) => c === 0);
      return { test: (object) => !equal(object) };
    }
    case 'GT':
    case 'GTE': {
      const inclusive = filter.operator === 'GTE';
      const test = compareTo(filter.value, (c) => (inclusive ? c >= 0 : c > 0));
      const bound = name === MODIFIED ? { ms: norm(filter.value) as number, inclusive } : undefined;
      return bound ? { test, lowerBound: bound } : { test };
    }
    case 'LT':
      return { test: compareTo(filter.value, (c) => c < 0) };
    case 'LTE':
      return { test: compareTo(filter.value, (c) => c <= 0) };
    case 'BETWEEN': {
      const low = compareTo(filter.value, (c) => c >= 0);
      const high = compareTo(filter.highValue, (c) => c <= 0);
      return { test: (object) => low(object) && high(object) };
    }
    case 'IN':
    case 'NOT_IN': {
      if (!Array.isArray(filter.values)) throw HubSpotHttpError.badRequest(`${filter.operator} needs "values"`);
      const set = new Set(filter.values.map(norm));
      const has = (object: CrmObject) => {
        const value = get(object);
        return value !== null && set.has(value);
      };
      return { test: filter.operator === 'IN' ? has : (object) => !has(object) };
    }
    case 'HAS_PROPERTY':
      return { test: (object) => get(object) !== null };
    case 'NOT_HAS_PROPERTY':
      return { test: (object) => get(object) === null };
    case 'CONTAINS_TOKEN': {
      const token = String(filter.value ?? '')
        .replaceAll('*', '')
        .toLowerCase();
      return {
        test: (object) =>
          String(object.properties[name] ?? '')
            .toLowerCase()
            .includes(token),
      };
    }
    default:
      throw HubSpotHttpError.badRequest(`Unknown filter operator "${filter.operator}"`);
  }
}

function propertyValue(object: CrmObject, name: string, definition: PropertyDefinition): Value {
  const raw = object.properties[name];
  return raw === null || raw === undefined || raw === '' ? null : normalise(raw, definition);
}

/** Dates to epoch ms (epoch ms strings or ISO), numbers to numbers, text lower-cased. */
function normalise(raw: string, definition: PropertyDefinition): Value {
  if (definition.type === 'datetime' || definition.type === 'date') {
    const ms = /^-?\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
    return Number.isNaN(ms) ? null : ms;
  }
  if (definition.type === 'number') {
    const n = Number(raw);
    return raw.trim() === '' || Number.isNaN(n) ? null : n;
  }
  return raw.toLowerCase();
}

/** Nulls sort after every value, as HubSpot lists records missing the sort property last. */
function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function encode(key: Value[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A numeric `after` is HubSpot's offset form; anything else must be one of our cursors. */
function decodeAfter(after: string | undefined, sortCount: number): number | Value[] | undefined {
  if (after === undefined || after === '') return undefined;
  if (/^\d+$/.test(after)) return Number(after);
  try {
    const key: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === sortCount + 1 && typeof key[sortCount] === 'number') return key as Value[];
  } catch {
    // fall through to the 400 below
  }
  throw HubSpotHttpError.badRequest(`Invalid "after" value: ${after}`);
}
