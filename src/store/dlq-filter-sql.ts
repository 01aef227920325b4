import { and, type Column, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { DlqFilter } from './dlq-types';

/** The `dlq_items` columns a filter reads, in either dialect's schema. */
export interface DlqFilterColumns {
  id: Column;
  flow: Column;
  status: Column;
  errorCode: Column;
  updatedAt: Column;
}

/**
 * The WHERE clause of a {@link DlqFilter} (open items unless `status` says otherwise), shared by
 * the SQLite and PostgreSQL repositories; undefined when nothing narrows the list.
 *
 * @example
 * db.select().from(dlqItems).where(dlqFilterSql(dlqItems, { flow: 'contacts-to-contacts', code: 'rate_limited' }));
 */
export function dlqFilterSql(items: DlqFilterColumns, filter: DlqFilter): SQL | undefined {
  const parts: SQL[] = [];
  const status = filter.status ?? 'open';
  if (status !== 'all') parts.push(eq(items.status, status));
  if (filter.flow) parts.push(eq(items.flow, filter.flow));
  if (filter.code) parts.push(eq(items.errorCode, filter.code));
  if (filter.from !== undefined) parts.push(gte(items.updatedAt, filter.from));
  if (filter.to !== undefined) parts.push(lte(items.updatedAt, filter.to));
  // An empty id list selects nothing; `1 = 0` reads the same in both dialects.
  if (filter.ids) parts.push(filter.ids.length ? inArray(items.id, [...filter.ids]) : sql`1 = 0`);
  return parts.length ? and(...parts) : undefined;
}
