import type { EntitySetDef } from './erp-entities';
import type { ErpTable, StoredRecord } from './erp-table';
import { type CompiledFilter, FilterError, type FilterExpr } from './odata-filter';

/**
 * A parsed `$orderby`. `created` (the default, and `number asc`) and `changed`
 * (`lastModifiedDateTime asc`) read pre-sorted table orders; anything else sorts the matches.
 */
export interface OrderSpec {
  kind: 'created' | 'changed' | 'sorted';
  terms: readonly { field: string; desc: boolean }[];
  /** Canonical text, stored in skip tokens so a token is only used with its own ordering. */
  signature: string;
}

/** Position of the last record of a page, in the order's key space. */
export type PageKey = readonly (string | number | boolean)[];

/** One page request against a table. */
export interface PageQuery {
  filter?: CompiledFilter;
  order: OrderSpec;
  /** Continue after this key (from a `$skiptoken`). */
  after?: PageKey;
  /** Matching records to skip first (`$skip`). */
  skip: number;
  /** Page size. */
  limit: number;
}

/** A page of records, whether more match, and the key to continue after. */
export interface PageResult {
  rows: StoredRecord[];
  hasMore: boolean;
  lastKey?: PageKey;
}

/**
 * Parses `$orderby` (`field [asc|desc], ...`) against an entity set's fields.
 *
 * @example
 * parseOrderBy('lastModifiedDateTime asc', ENTITY_SETS.customers).kind // 'changed'
 */
export function parseOrderBy(text: string | undefined, def: EntitySetDef): OrderSpec {
  const terms = (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [field = '', direction = 'asc', extra] = part.split(/\s+/);
      if (!Object.hasOwn(def.fields, field)) {
        throw new FilterError(`Could not find a property named '${field}' on type '${def.odataType}' in $orderby.`);
      }
      if (extra !== undefined || (direction !== 'asc' && direction !== 'desc')) {
        throw new FilterError(`Syntax error in $orderby: '${part}' must be 'property asc' or 'property desc'.`);
      }
      return { field, desc: direction === 'desc' };
    });
  const signature = terms.map((term) => `${term.field} ${term.desc ? 'desc' : 'asc'}`).join(',') || 'number asc';
  if (signature === 'number asc') return { kind: 'created', terms: [], signature };
  if (signature === 'lastModifiedDateTime asc') return { kind: 'changed', terms, signature };
  return { kind: 'sorted', terms, signature };
}

/**
 * Reads one page. Uses an equality index when the filter allows it, a pre-sorted order when the
 * ordering allows it, and otherwise sorts the matches; every path pages by key (ties broken on
 * id), so records written while a client pages are never skipped or repeated.
 *
 * @example
 * const page = runPage(store.table('customers'), { order: parseOrderBy(undefined, def), skip: 0, limit: 100 });
 */
export function runPage(table: ErpTable, query: PageQuery): PageResult {
  const { filter, order, after, limit } = query;
  const keyOf = keyFunction(order);
  const candidates = filter ? indexCandidates(filter.expr, table) : undefined;
  let source: Iterable<StoredRecord>;
  if (!candidates && order.kind === 'created') {
    source = table.byCreation((after?.[0] as number | undefined) ?? 0);
  } else if (!candidates && order.kind === 'changed') {
    const from = filter ? lowerBoundOf(filter.expr, 'lastModifiedDateTime') : undefined;
    source = table.byChange((after?.[0] as number | undefined) ?? 0, from ?? '');
  } else {
    source = sortedMatches(table, candidates, filter, order, keyOf, after);
  }
  const rows: StoredRecord[] = [];
  let skipped = 0;
  let hasMore = false;
  for (const record of source) {
    if (filter && !filter.test(record.data)) continue;
    if (skipped < query.skip) {
      skipped += 1;
      continue;
    }
    if (rows.length >= limit) {
      hasMore = true;
      break;
    }
    rows.push(record);
  }
  const last = rows.at(-1);
  return { rows, hasMore, ...(last ? { lastKey: keyOf(last) } : {}) };
}

function sortedMatches(
  table: ErpTable,
  candidates: ReadonlySet<string> | undefined,
  filter: CompiledFilter | undefined,
  order: OrderSpec,
  keyOf: (record: StoredRecord) => PageKey,
  after: PageKey | undefined,
): StoredRecord[] {
  const pool: StoredRecord[] = [];
  if (candidates) {
    for (const id of candidates) {
      const record = table.get(id);
      if (record && (!filter || filter.test(record.data))) pool.push(record);
    }
  } else {
    for (const record of table.byCreation()) if (!filter || filter.test(record.data)) pool.push(record);
  }
  const desc = [...order.terms.map((term) => term.desc), false];
  const keyed = pool.map((record) => ({ record, key: keyOf(record) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key, desc));
  let start = 0;
  if (after) {
    let high = keyed.length;
    while (start < high) {
      const mid = (start + high) >>> 1;
      if (compareKeys((keyed[mid] as { key: PageKey }).key, after, desc) <= 0) start = mid + 1;
      else high = mid;
    }
  }
  return keyed.slice(start).map((entry) => entry.record);
}

function keyFunction(order: OrderSpec): (record: StoredRecord) => PageKey {
  if (order.kind === 'created') return (record) => [record.createdSeq];
  if (order.kind === 'changed') return (record) => [record.modSeq];
  return (record) => [
    ...order.terms.map(({ field }) => {
      // `number` sorts in assignment order (C00990 before C01000 even past the series width).
      if (field === 'number') return record.createdSeq;
      const value = record.data[field];
      return typeof value === 'string' ? value.toLowerCase() : ((value ?? '') as string | number | boolean);
    }),
    record.data.id as string,
  ];
}

function compareKeys(a: PageKey, b: PageKey, desc: readonly boolean[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string | number | boolean;
    const y = b[i] as string | number | boolean;
    if (x === y) continue;
    const sign = x < y ? -1 : 1;
    return desc[i] ? -sign : sign;
  }
  return 0;
}

/** Ids that can match, from equality indexes; undefined when the filter needs a scan. */
function indexCandidates(expr: FilterExpr, table: ErpTable): ReadonlySet<string> | undefined {
  switch (expr.kind) {
    case 'cmp':
      return expr.op === 'eq' && typeof expr.value === 'string' && table.isIndexed(expr.field)
        ? table.lookup(expr.field, expr.value)
        : undefined;
    case 'or': {
      const left = indexCandidates(expr.left, table);
      const right = left && indexCandidates(expr.right, table);
      return left && right ? new Set([...left, ...right]) : undefined;
    }
    case 'and': {
      const left = indexCandidates(expr.left, table);
      const right = indexCandidates(expr.right, table);
      if (left && right) return left.size <= right.size ? left : right;
      return left ?? right;
    }
    case 'not':
      return undefined;
  }
}

/** The least value `field` can have in a match (from `ge`/`gt`/`eq` under `and`), if any. */
function lowerBoundOf(expr: FilterExpr, field: string): string | undefined {
  switch (expr.kind) {
    case 'cmp':
      return expr.field === field && ['ge', 'gt', 'eq'].includes(expr.op) && typeof expr.value === 'string'
        ? expr.value
        : undefined;
    case 'and': {
      const left = lowerBoundOf(expr.left, field);
      const right = lowerBoundOf(expr.right, field);
      if (left === undefined || right === undefined) return left ?? right;
      // ISO strings: the later instant is the tighter bound under `and`.
      if (left > right) return left;
      return right;
    }
    case 'or': {
      const left = lowerBoundOf(expr.left, field);
      const right = lowerBoundOf(expr.right, field);
      if (left === undefined || right === undefined) return undefined;
      if (left < right) return left;
      return right;
    }
    case 'not':
      return undefined;
  }
}

/**
 * Encodes a page position as an opaque `$skiptoken`.
 *
 * @example
 * const token = encodeSkipToken(order, page.lastKey!);
 */
export function encodeSkipToken(order: OrderSpec, key: PageKey): string {
  return Buffer.from(JSON.stringify({ o: order.signature, k: key })).toString('base64url');
}

/**
 * Decodes a `$skiptoken`; throws {@link FilterError} if it is malformed or from another ordering.
 *
 * @example
 * const after = decodeSkipToken(token, order);
 */
export function decodeSkipToken(token: string, order: OrderSpec): PageKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const candidate = parsed as { o?: unknown; k?: unknown } | undefined;
  if (
    candidate?.o !== order.signature ||
    !Array.isArray(candidate.k) ||
    candidate.k.some((part) => !['string', 'number', 'boolean'].includes(typeof part))
  ) {
    throw new FilterError('The $skiptoken is not valid for this query.');
  }
  return candidate.k as PageKey;
}
