import { type CheckedLine, checkSalesOrder, type OrderRejection } from './check-sales-order';
import { EMPTY_GUID, ENTITY_SETS } from './erp-entities';
import type { ErpStore } from './erp-store';
import type { StoredRecord } from './erp-table';
import { type FieldIssue, validateWrite } from './validate-write';

/** Outcome of {@link createSalesOrder}. */
export type SalesOrderCreation =
  | { kind: 'created'; order: StoredRecord }
  | { kind: 'invalid'; issues: FieldIssue[] }
  | { kind: 'rejected'; rejection: OrderRejection };

/**
 * `POST salesOrders` with deep insert: validates the header and every `salesOrderLines` entry
 * (field errors name `salesOrderLines[i].field`), fills line prices and descriptions from the
 * items, runs the order checks, then creates the header with its totals and the lines. Nothing
 * is written unless everything passes. Tax is not modelled: including tax equals excluding tax.
 *
 * @example
 * const result = createSalesOrder(store, { customerId, salesOrderLines: [{ itemId, quantity: 2 }] }, 10);
 * if (result.kind === 'rejected') console.log(result.rejection.message);
 */
export function createSalesOrder(store: ErpStore, body: unknown, minMarginPercent: number): SalesOrderCreation {
  const exists = store.exists.bind(store);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalidBody('', 'The request body must be a JSON object.');
  }
  const { salesOrderLines: rawLines = [], ...header } = body as Record<string, unknown>;
  if (!Array.isArray(rawLines)) return invalidBody('salesOrderLines', 'salesOrderLines must be an array of lines.');
  const headerResult = validateWrite(ENTITY_SETS.salesOrders, header, 'create', exists);
  const issues: FieldIssue[] = headerResult.ok ? [] : [...headerResult.issues];
  const lineValues: Record<string, unknown>[] = [];
  rawLines.forEach((raw, index) => {
    const result = validateWrite(ENTITY_SETS.salesOrderLines, raw, 'create', exists);
    if (result.ok) lineValues.push(result.values);
    else
      for (const issue of result.issues) {
        issues.push({ ...issue, target: `salesOrderLines[${index}].${issue.target}` });
      }
  });
  if (!headerResult.ok || issues.length > 0) return { kind: 'invalid', issues };
  const values = headerResult.values;

  const customerId = String(values.customerId ?? EMPTY_GUID);
  const customerNumber = String(values.customerNumber ?? '');
  const customer =
    customerId !== EMPTY_GUID ? store.get('customers', customerId) : findByNumber(store, 'customers', customerNumber);
  const lines = lineValues.map((line, index): CheckedLine => {
    const itemId = String(line.itemId);
    const item = store.get('items', itemId);
    const quantity = Number(line.quantity);
    const unitPrice = typeof line.unitPrice === 'number' ? line.unitPrice : Number(item?.data.unitPrice ?? 0);
    const discountPercent = Number(line.discountPercent ?? 0);
    const amount = round2(quantity * unitPrice * (1 - discountPercent / 100));
    return { position: index + 1, itemId, item, quantity, unitPrice, discountPercent, amount };
  });
  const total = round2(lines.reduce((sum, line) => sum + line.amount, 0));
  const rejection = checkSalesOrder({
    customer,
    customerKey: customerId !== EMPTY_GUID ? customerId : customerNumber || '(none given)',
    lines,
    total,
    minMarginPercent,
  });
  if (rejection || !customer) {
    return { kind: 'rejected', rejection: rejection ?? { code: 'Application_CustomerNotFound', message: '' } };
  }

  const order = store.create('salesOrders', {
    ...values,
    orderDate: values.orderDate === '' || values.orderDate === undefined ? store.today() : values.orderDate,
    customerId: customer.data.id,
    customerNumber: customer.data.number,
    currencyCode: values.currencyCode === '' ? customer.data.currencyCode : values.currencyCode,
    status: 'Open',
    fullyShipped: false,
    totalAmountExcludingTax: total,
    totalAmountIncludingTax: total,
  });
  lines.forEach((line, index) => {
    const given = lineValues[index] as Record<string, unknown>;
    store.create('salesOrderLines', {
      ...given,
      documentId: order.data.id,
      sequence: typeof given.sequence === 'number' ? given.sequence : (index + 1) * 10000,
      itemId: line.item?.data.id ?? line.itemId,
      description: given.description === '' ? (line.item?.data.displayName ?? '') : given.description,
      unitPrice: line.unitPrice,
      discountPercent: line.discountPercent,
      amountExcludingTax: line.amount,
    });
  });
  return { kind: 'created', order };
}

function findByNumber(store: ErpStore, set: string, number: string): StoredRecord | undefined {
  if (number === '') return undefined;
  const [id] = store.table(set).lookup('number', number) ?? [];
  return id === undefined ? undefined : store.get(set, id);
}

function invalidBody(target: string, message: string): SalesOrderCreation {
  return { kind: 'invalid', issues: [{ code: 'BadRequest', target, message }] };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
