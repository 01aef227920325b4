import type { StoredRecord } from './erp-table';

/** One order line as the checks see it: the resolved item (if any) and the line's amounts. */
export interface CheckedLine {
  /** 1-based position in the request, as a salesperson counts lines. */
  position: number;
  itemId: string;
  item: StoredRecord | undefined;
  quantity: number;
  unitPrice: number;
  discountPercent: number;
  amount: number;
}

/** An order check that failed: BC's error code and a message a salesperson can act on. */
export interface OrderRejection {
  code: string;
  message: string;
}

/** What {@link checkSalesOrder} needs to know about the order. */
export interface OrderCheckInput {
  customer: StoredRecord | undefined;
  /** What the request named the customer by, for the "does not exist" message. */
  customerKey: string;
  lines: readonly CheckedLine[];
  total: number;
  minMarginPercent: number;
}

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The checks Business Central runs when a sales order is created, in the order decision 010
 * fixes: customer exists and is not blocked, credit limit, stock, item exists and is not
 * blocked, minimum margin per line. Returns the first failure, or undefined when the order
 * may be created. Reads only what it is given (no store access).
 *
 * @example
 * checkSalesOrder({ customer, customerKey: id, lines, total: 120, minMarginPercent: 10 })
 * // { code: 'Application_InsufficientStock', message: 'Only 3 of item 1000 "Bicycle" are in stock; the order asks for 5.' }
 */
export function checkSalesOrder(input: OrderCheckInput): OrderRejection | undefined {
  const { customer, lines } = input;
  if (!customer) {
    return { code: 'Application_CustomerNotFound', message: `Customer ${input.customerKey} does not exist.` };
  }
  const who = `Customer ${customer.data.number} "${customer.data.displayName}"`;
  const blocked = customer.data.blocked;
  if (blocked === 'All' || blocked === 'Ship') {
    return {
      code: 'Application_CustomerBlocked',
      message: `${who} is blocked (${blocked}); no new orders can be created for it.`,
    };
  }
  const limit = Number(customer.data.creditLimit ?? 0);
  const exposure = Number(customer.data.balanceDue ?? 0) + input.total;
  if (limit > 0 && exposure > limit) {
    return {
      code: 'Application_CreditLimitExceeded',
      message: `${who} would exceed its credit limit of ${MONEY.format(limit)} by ${MONEY.format(exposure - limit)}.`,
    };
  }
  // Several lines may ask for the same item; stock is checked against their sum.
  const asked = new Map<string, { item: StoredRecord; quantity: number }>();
  for (const line of lines) {
    if (line.item?.data.type !== 'Inventory') continue;
    const entry = asked.get(line.itemId) ?? { item: line.item, quantity: 0 };
    entry.quantity += line.quantity;
    asked.set(line.itemId, entry);
  }
  for (const { item, quantity } of asked.values()) {
    const inventory = Number(item.data.inventory ?? 0);
    if (inventory < quantity) {
      return {
        code: 'Application_InsufficientStock',
        message: `Only ${inventory} of ${itemName(item)} are in stock; the order asks for ${quantity}.`,
      };
    }
  }
  for (const line of lines) {
    if (!line.item) {
      return {
        code: 'Application_ItemNotFound',
        message: `Line ${line.position}: item ${line.itemId} does not exist.`,
      };
    }
    if (line.item.data.blocked === true) {
      return {
        code: 'Application_ItemBlocked',
        message: `Line ${line.position}: ${itemName(line.item)} is blocked and cannot be sold.`,
      };
    }
  }
  for (const line of lines) {
    const net = line.unitPrice * (1 - line.discountPercent / 100);
    const cost = Number(line.item?.data.unitCost ?? 0);
    // A zero or negative net price has no margin to speak of; report it as 0 %.
    const margin = net > 0 ? ((net - cost) / net) * 100 : 0;
    if (margin < input.minMarginPercent - 1e-9) {
      return {
        code: 'Application_MarginBelowMinimum',
        message: `Line ${line.position}, ${itemName(line.item as StoredRecord)}: margin ${margin.toFixed(1)}% is below the minimum of ${input.minMarginPercent}%.`,
      };
    }
  }
  return undefined;
}

function itemName(item: StoredRecord): string {
  return `item ${item.data.number} "${item.data.displayName}"`;
}
