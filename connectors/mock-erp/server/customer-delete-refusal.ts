import type { ErpStore } from './erp-store';
import type { StoredRecord } from './erp-table';
import { recordsWith } from './records-with';

/**
 * Why a customer cannot be deleted, or undefined when it can: like BC, a customer with open
 * sales orders (not invoiced yet) or unpaid invoices stays; blocking it is the way to stop it.
 *
 * @example
 * const why = customerDeleteRefusal(store, customerId);
 * if (why) return odataError(400, 'Application_CustomerHasOpenDocuments', why);
 */
export function customerDeleteRefusal(store: ErpStore, customerId: string): string | undefined {
  const customer = store.get('customers', customerId);
  if (!customer) return undefined;
  const invoices = recordsWith(store, 'salesInvoices', 'customerId', customer.data.id as string);
  const invoiced = new Set(invoices.map((invoice) => invoice.data.orderId));
  const openOrders = recordsWith(store, 'salesOrders', 'customerId', customer.data.id as string).filter(
    (order) => !invoiced.has(order.data.id),
  );
  const unpaid = invoices.filter(
    (invoice) => invoice.data.status === 'Open' && Number(invoice.data.remainingAmount) > 0,
  );
  if (openOrders.length === 0 && unpaid.length === 0) return undefined;
  const reasons = [
    ...(openOrders.length > 0 ? [`${openOrders.length} open sales order(s) (${numbers(openOrders)})`] : []),
    ...(unpaid.length > 0 ? [`${unpaid.length} unpaid invoice(s) (${numbers(unpaid)})`] : []),
  ];
  return `You cannot delete Customer ${customer.data.number} "${customer.data.displayName}" because it has ${reasons.join(' and ')}. Block the customer instead.`;
}

function numbers(records: readonly StoredRecord[]): string {
  const shown = records.slice(0, 3).map((record) => String(record.data.number));
  return records.length > 3 ? `${shown.join(', ')}, ...` : shown.join(', ');
}
