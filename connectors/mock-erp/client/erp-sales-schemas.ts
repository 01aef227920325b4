import { z } from 'zod';

/** A BC item (`items`): goods (`Inventory`, stock in `inventory`) or a `Service`. */
export const Item = z.object({
  id: z.string(),
  number: z.string(),
  displayName: z.string(),
  displayName2: z.string(),
  type: z.enum(['Inventory', 'Service', 'Non-Inventory']),
  unitPrice: z.number(),
  unitCost: z.number(),
  inventory: z.number(),
  blocked: z.boolean(),
  lastModifiedDateTime: z.string(),
});

/** A BC sales quote header (`salesQuotes`). */
export const SalesQuote = z.object({
  id: z.string(),
  number: z.string(),
  externalDocumentNumber: z.string(),
  customerId: z.string(),
  status: z.enum(['Draft', 'Sent', 'Accepted', 'Expired']),
  lastModifiedDateTime: z.string(),
});

/** A line of a sales order (`salesOrderLines`); read only, created with its order. */
export const SalesOrderLine = z.object({
  id: z.string(),
  documentId: z.string(),
  sequence: z.number(),
  itemId: z.string(),
  lineType: z.enum(['Item']),
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  discountPercent: z.number(),
  amountExcludingTax: z.number(),
  lastModifiedDateTime: z.string(),
});

/**
 * A BC sales order (`salesOrders`). On create, `salesOrderLines` is the deep insert
 * (`{ itemId, quantity, unitPrice?, discountPercent?, description? }` each); on read the
 * connector expands the lines into the same field.
 */
export const SalesOrder = z.object({
  id: z.string(),
  number: z.string(),
  externalDocumentNumber: z.string(),
  orderDate: z.string(),
  customerId: z.string(),
  customerNumber: z.string(),
  currencyCode: z.string(),
  status: z.enum(['Draft', 'Open', 'Released']),
  fullyShipped: z.boolean(),
  totalAmountExcludingTax: z.number(),
  totalAmountIncludingTax: z.number(),
  salesOrderLines: z.array(SalesOrderLine).optional(),
  lastModifiedDateTime: z.string(),
});

/** A BC posted sales invoice (`salesInvoices`); `orderId` links it to its order. */
export const SalesInvoice = z.object({
  id: z.string(),
  number: z.string(),
  externalDocumentNumber: z.string(),
  orderId: z.string().nullable(),
  orderNumber: z.string(),
  customerId: z.string(),
  invoiceDate: z.string(),
  dueDate: z.string(),
  status: z.enum(['Draft', 'Open', 'Paid', 'Canceled']),
  totalAmountIncludingTax: z.number(),
  remainingAmount: z.number(),
  lastModifiedDateTime: z.string(),
});

/** A BC customer payment (`customerPayments`) applied to one invoice. */
export const CustomerPayment = z.object({
  id: z.string(),
  customerId: z.string(),
  postingDate: z.string(),
  amount: z.number(),
  appliesToInvoiceId: z.string().nullable(),
  appliesToInvoiceNumber: z.string(),
  externalDocumentNumber: z.string(),
  description: z.string(),
  lastModifiedDateTime: z.string(),
});

/** A billing contract (`billingContracts`, a custom API page of the mock; see README). */
export const BillingContract = z.object({
  id: z.string(),
  number: z.string(),
  externalDocumentNumber: z.string(),
  customerId: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  billingPeriod: z.enum(['Monthly', 'Quarterly', 'Annually']),
  amount: z.number(),
  status: z.enum(['Active', 'Cancelled']),
  lastModifiedDateTime: z.string(),
});
