import type { ErpStore } from './erp-store';
import type { StoredRecord } from './erp-table';

/**
 * The records of `set` whose indexed `field` equals `value` (the index compares
 * case-insensitively), in no particular order.
 *
 * @example
 * recordsWith(store, 'salesInvoices', 'customerId', customerId)
 */
export function recordsWith(store: ErpStore, set: string, field: string, value: string): StoredRecord[] {
  const table = store.table(set);
  return [...(table.lookup(field, value) ?? [])].flatMap((id) => table.get(id) ?? []);
}
