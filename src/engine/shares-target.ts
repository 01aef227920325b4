import type { FlowRuntime } from './flow-runtime';

/**
 * Whether many source records of a flow may pair with one target record: true when `target.id`
 * finds the target through another link's field (an invoice's `orderId` names the order whose
 * deal it updates, and an order has many invoices). `field: id` pairs a record with the target
 * of its own other link, one to one (inventory next to items-to-products). Decision 010.
 *
 * @example
 * sharesTarget(invoicesToDeals) // true: every invoice of a deal keeps its own `invoice` pair
 */
export function sharesTarget(flow: Pick<FlowRuntime, 'spec'>): boolean {
  const rule = flow.spec.target.id?.xref;
  return rule !== undefined && rule.field !== 'id';
}
