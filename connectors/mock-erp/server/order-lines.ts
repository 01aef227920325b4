import type { ErpStore } from './erp-store';
import type { StoredRecord } from './erp-table';
import { recordsWith } from './records-with';

/**
 * The lines of one order, by `sequence`, as stored records.
 *
 * @example
 * const lines = orderLines(store, order.data.id as string);
 */
export function orderLines(store: ErpStore, orderId: string): StoredRecord[] {
  return recordsWith(store, 'salesOrderLines', 'documentId', orderId).sort(
    (a, b) => Number(a.data.sequence) - Number(b.data.sequence),
  );
}
