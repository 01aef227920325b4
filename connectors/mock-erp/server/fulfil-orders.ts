import type { ErpStore } from './erp-store';
import type { StoredRecord } from './erp-table';
import { orderLines } from './order-lines';
import { recordsWith } from './records-with';

/** A step of the fulfilment simulator, in the order they happen. */
export type FulfilStep = 'ship' | 'invoice' | 'pay';

/** Options of {@link fulfilOrders}. */
export interface FulfilOptions {
  /** One order; default every order that still has a step to do. */
  orderId?: string;
  /** Steps to run; default all three. A step whose predecessor is not done is skipped. */
  steps?: readonly FulfilStep[];
  /** Advance each order by at most one step (the timer does this, so statuses change one at a time). */
  oneStepPerOrder?: boolean;
  /** Days from invoice date to due date. Default 30. */
  paymentDays?: number;
}

/** One thing the simulator did (or could not do). */
export interface FulfilAction {
  step: FulfilStep;
  orderId: string;
  orderNumber: string;
  /** The invoice created (invoice) or paid (pay). */
  invoiceId?: string;
  invoiceNumber?: string;
  paymentId?: string;
  amount?: number;
  /** Set when the step could not run (not enough stock to ship). */
  skipped?: string;
}

const ALL_STEPS: readonly FulfilStep[] = ['ship', 'invoice', 'pay'];

/**
 * The mock's warehouse and accounting: ships open sales orders (status `Released`,
 * `fullyShipped`, inventory of Inventory items reduced), invoices shipped ones (a `salesInvoice`
 * carrying the order's `externalDocumentNumber`, customer `balanceDue` up) and pays open
 * invoices (a `customerPayment`, invoice `Paid`, `balanceDue` down). Idempotent: a step already
 * done is not done again. Every change goes through the store, so `lastModifiedDateTime` moves.
 *
 * @example
 * fulfilOrders(store, { steps: ['ship'] }) // [{ step: 'ship', orderId, orderNumber: 'S-ORD101001' }]
 */
export function fulfilOrders(store: ErpStore, options: FulfilOptions = {}): FulfilAction[] {
  const steps = new Set(options.steps ?? ALL_STEPS);
  const orders = options.orderId
    ? [store.get('salesOrders', options.orderId)].filter((order) => order !== undefined)
    : [...store.table('salesOrders').byCreation()];
  const actions: FulfilAction[] = [];
  for (const order of orders) {
    const orderId = order.data.id as string;
    const base = { orderId, orderNumber: String(order.data.number) };
    const before = actions.length;
    const done = () => options.oneStepPerOrder === true && actions.length > before;
    if (steps.has('ship') && order.data.fullyShipped !== true) {
      const skipped = ship(store, order);
      actions.push({ step: 'ship', ...base, ...(skipped ? { skipped } : {}) });
      if (skipped) continue;
    }
    if (done()) continue;
    let invoice = recordsWith(store, 'salesInvoices', 'orderId', orderId)[0];
    const shipped = store.get('salesOrders', orderId)?.data.fullyShipped === true;
    if (steps.has('invoice') && shipped && !invoice) {
      invoice = createInvoice(store, store.get('salesOrders', orderId) as StoredRecord, options.paymentDays ?? 30);
      actions.push({
        step: 'invoice',
        ...base,
        ...invoiceFacts(invoice),
        amount: Number(invoice.data.remainingAmount),
      });
    }
    if (done()) continue;
    if (steps.has('pay') && invoice?.data.status === 'Open' && Number(invoice.data.remainingAmount) > 0) {
      const payment = pay(store, invoice);
      actions.push({
        step: 'pay',
        ...base,
        ...invoiceFacts(invoice),
        paymentId: payment.data.id as string,
        amount: Number(payment.data.amount),
      });
    }
  }
  return actions;
}

function ship(store: ErpStore, order: StoredRecord): string | undefined {
  const lines = orderLines(store, order.data.id as string);
  const needed = new Map<string, number>();
  for (const line of lines)
    needed.set(String(line.data.itemId), (needed.get(String(line.data.itemId)) ?? 0) + Number(line.data.quantity));
  const stocked: [StoredRecord, number][] = [];
  for (const [itemId, quantity] of needed) {
    const item = store.get('items', itemId);
    if (item?.data.type !== 'Inventory') continue;
    const inventory = Number(item.data.inventory);
    // Stock may have been shipped to other orders since this one was accepted.
    if (inventory < quantity) {
      return `Only ${inventory} of item ${item.data.number} "${item.data.displayName}" are in stock; shipping needs ${quantity}.`;
    }
    stocked.push([item, quantity]);
  }
  for (const [item, quantity] of stocked) {
    store.update('items', item.data.id as string, { inventory: Number(item.data.inventory) - quantity });
  }
  store.update('salesOrders', order.data.id as string, { status: 'Released', fullyShipped: true });
  return undefined;
}

function createInvoice(store: ErpStore, order: StoredRecord, paymentDays: number): StoredRecord {
  const today = store.today();
  const due = new Date(Date.parse(`${today}T00:00:00Z`) + paymentDays * 86_400_000).toISOString().slice(0, 10);
  const total = Number(order.data.totalAmountIncludingTax);
  const invoice = store.create('salesInvoices', {
    externalDocumentNumber: order.data.externalDocumentNumber,
    orderId: order.data.id,
    orderNumber: order.data.number,
    customerId: order.data.customerId,
    invoiceDate: today,
    dueDate: due,
    status: 'Open',
    totalAmountIncludingTax: total,
    remainingAmount: total,
  });
  adjustBalance(store, String(order.data.customerId), total);
  return invoice;
}

function pay(store: ErpStore, invoice: StoredRecord): StoredRecord {
  const amount = Number(invoice.data.remainingAmount);
  const payment = store.create('customerPayments', {
    customerId: invoice.data.customerId,
    postingDate: store.today(),
    amount,
    appliesToInvoiceId: invoice.data.id,
    appliesToInvoiceNumber: invoice.data.number,
    externalDocumentNumber: invoice.data.externalDocumentNumber,
    description: `Payment of invoice ${invoice.data.number}`,
  });
  store.update('salesInvoices', invoice.data.id as string, { status: 'Paid', remainingAmount: 0 });
  adjustBalance(store, String(invoice.data.customerId), -amount);
  return payment;
}

function adjustBalance(store: ErpStore, customerId: string, delta: number): void {
  const customer = store.get('customers', customerId);
  if (!customer) return;
  const balanceDue = Math.round((Number(customer.data.balanceDue ?? 0) + delta) * 100) / 100;
  store.update('customers', customerId, { balanceDue });
}

function invoiceFacts(invoice: StoredRecord): { invoiceId: string; invoiceNumber: string } {
  return { invoiceId: invoice.data.id as string, invoiceNumber: String(invoice.data.number) };
}
