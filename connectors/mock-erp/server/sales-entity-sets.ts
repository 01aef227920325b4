import type { EntitySetDef, FieldDef, FieldType } from './erp-entities';

// Local builders: importing erp-entities' values here would be an import cycle (it spreads this file).
const text = (maxLength: number): FieldDef => ({ type: 'string', maxLength, default: '' });
const date = (): FieldDef => ({ type: 'string', maxLength: 10, format: 'date', default: '' });
const readOnly = (type: FieldType): FieldDef => ({ type, readOnly: true });
const amount = (): FieldDef => ({ type: 'number', default: 0 });
const customerRef = (): FieldDef => ({
  type: 'guid',
  required: true,
  references: { set: 'customers', by: 'id', table: 'Customer' },
});

/**
 * Lead-to-cash entity sets of decision 010: items, sales quotes, sales orders with their lines,
 * posted sales invoices, customer payments, and `billingContracts`, a custom API page of the
 * mock (BC has no contract entity; a partner app would publish one like this).
 */
export const SALES_ENTITY_SETS = {
  items: {
    table: 'Item',
    odataType: 'Microsoft.NAV.item',
    numberSeries: { prefix: '', digits: 4, step: 1, offset: 999 },
    indexed: ['number', 'displayName'],
    fields: {
      id: readOnly('guid'),
      number: readOnly('string'),
      displayName: { type: 'string', maxLength: 100, required: true },
      displayName2: text(50),
      type: { type: 'string', values: ['Inventory', 'Service', 'Non-Inventory'], default: 'Inventory' },
      unitPrice: amount(),
      unitCost: amount(),
      // Writable in the mock so seeds and tests can stock items; BC posts item journals instead.
      inventory: amount(),
      blocked: { type: 'boolean', default: false },
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  salesQuotes: {
    table: 'Sales Header',
    odataType: 'Microsoft.NAV.salesQuote',
    numberSeries: { prefix: 'S-QUO', digits: 6, step: 1, offset: 1000 },
    indexed: ['number', 'externalDocumentNumber', 'customerId'],
    fields: {
      id: readOnly('guid'),
      number: readOnly('string'),
      externalDocumentNumber: text(35),
      customerId: customerRef(),
      status: { type: 'string', values: ['Draft', 'Sent', 'Accepted', 'Expired'], default: 'Draft' },
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  salesOrders: {
    table: 'Sales Header',
    odataType: 'Microsoft.NAV.salesOrder',
    numberSeries: { prefix: 'S-ORD', digits: 6, step: 1, offset: 101000 },
    indexed: ['number', 'externalDocumentNumber', 'customerId'],
    navigations: { salesOrderLines: { set: 'salesOrderLines', by: 'documentId' } },
    fields: {
      id: readOnly('guid'),
      number: readOnly('string'),
      externalDocumentNumber: text(35),
      orderDate: date(),
      // Checked by the order checks (a readable 400), not as a field reference.
      customerId: { type: 'guid', default: '00000000-0000-0000-0000-000000000000' },
      customerNumber: text(20),
      currencyCode: text(10),
      status: { type: 'string', values: ['Draft', 'Open', 'Released'], readOnly: true, default: 'Open' },
      fullyShipped: { type: 'boolean', readOnly: true, default: false },
      totalAmountExcludingTax: { type: 'number', readOnly: true, default: 0 },
      totalAmountIncludingTax: { type: 'number', readOnly: true, default: 0 },
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  salesOrderLines: {
    table: 'Sales Line',
    odataType: 'Microsoft.NAV.salesOrderLine',
    numberSeries: { prefix: '', digits: 1, step: 1 },
    indexed: ['documentId', 'itemId'],
    serverWritten: true,
    fields: {
      id: readOnly('guid'),
      documentId: readOnly('guid'),
      sequence: { type: 'number' },
      itemId: { type: 'guid', required: true },
      lineType: { type: 'string', values: ['Item'], default: 'Item' },
      description: text(100),
      quantity: { type: 'number', required: true },
      unitPrice: { type: 'number' },
      discountPercent: amount(),
      amountExcludingTax: { type: 'number', readOnly: true, default: 0 },
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  salesInvoices: {
    table: 'Sales Invoice Header',
    odataType: 'Microsoft.NAV.salesInvoice',
    numberSeries: { prefix: 'S-INV', digits: 6, step: 1, offset: 103000 },
    indexed: ['number', 'externalDocumentNumber', 'orderId', 'customerId'],
    fields: {
      id: readOnly('guid'),
      number: readOnly('string'),
      externalDocumentNumber: text(35),
      orderId: { type: 'guid', nullable: true, default: null },
      orderNumber: text(20),
      customerId: customerRef(),
      invoiceDate: date(),
      dueDate: date(),
      status: { type: 'string', values: ['Draft', 'Open', 'Paid', 'Canceled'], default: 'Draft' },
      totalAmountIncludingTax: amount(),
      remainingAmount: amount(),
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  customerPayments: {
    table: 'Gen. Journal Line',
    odataType: 'Microsoft.NAV.customerPayment',
    numberSeries: { prefix: '', digits: 1, step: 1 },
    indexed: ['externalDocumentNumber', 'appliesToInvoiceId', 'customerId'],
    fields: {
      id: readOnly('guid'),
      customerId: customerRef(),
      postingDate: date(),
      amount: amount(),
      appliesToInvoiceId: { type: 'guid', nullable: true, default: null },
      appliesToInvoiceNumber: text(20),
      externalDocumentNumber: text(35),
      description: text(100),
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  billingContracts: {
    table: 'Billing Contract',
    odataType: 'Microsoft.NAV.billingContract',
    numberSeries: { prefix: 'BCT', digits: 5, step: 10 },
    indexed: ['number', 'externalDocumentNumber', 'customerId'],
    fields: {
      id: readOnly('guid'),
      number: readOnly('string'),
      externalDocumentNumber: text(35),
      customerId: customerRef(),
      startDate: { ...date(), required: true },
      endDate: date(),
      billingPeriod: { type: 'string', values: ['Monthly', 'Quarterly', 'Annually'], default: 'Monthly' },
      amount: amount(),
      status: { type: 'string', values: ['Active', 'Cancelled'], default: 'Active' },
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
} as const satisfies Record<string, EntitySetDef>;
