import { z } from 'zod';
import {
  BillingContract,
  CustomerPayment,
  Item,
  SalesInvoice,
  SalesOrder,
  SalesOrderLine,
  SalesQuote,
} from './erp-sales-schemas';

/** BC's address and phone fields, the same on customers and contacts. */
const POSTAL_ADDRESS = {
  addressLine1: z.string(),
  addressLine2: z.string(),
  city: z.string(),
  state: z.string(),
  country: z.string(),
  postalCode: z.string(),
  phoneNumber: z.string(),
};

/**
 * A Business Central customer as `GET companies({id})/customers` returns it (without the
 * `@odata.*` annotations). GUIDs are lower-case strings; "no value" is '' for text and the
 * empty GUID for `paymentTermsId`, as in BC.
 */
export const Customer = z.object({
  id: z.string(),
  number: z.string(),
  displayName: z.string(),
  type: z.enum(['Company', 'Person']),
  ...POSTAL_ADDRESS,
  email: z.string(),
  website: z.string(),
  taxRegistrationNumber: z.string(),
  taxLiable: z.boolean(),
  currencyCode: z.string(),
  paymentTermsId: z.string(),
  blocked: z.enum([' ', 'Ship', 'Invoice', 'All']),
  balanceDue: z.number(),
  creditLimit: z.number(),
  /** Mock extension: the source system's id of this record (see README, "externalId"). */
  externalId: z.string().optional(),
  lastModifiedDateTime: z.string(),
});
/** See {@link Customer}. */
export type Customer = z.infer<typeof Customer>;

/**
 * A Business Central contact. `customerId` is the mock's documented extension (BC v2.0 links
 * contacts to customers through contact business relations instead); null when unlinked.
 */
export const Contact = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(['Person', 'Company']),
  displayName: z.string(),
  companyNumber: z.string(),
  companyName: z.string(),
  businessTitle: z.string(),
  ...POSTAL_ADDRESS,
  mobilePhoneNumber: z.string(),
  email: z.string(),
  website: z.string(),
  customerId: z.string().nullable(),
  /** Mock extension: the source system's id of this record (see README, "externalId"). */
  externalId: z.string().optional(),
  lastModifiedDateTime: z.string(),
});
/** See {@link Contact}. */
export type Contact = z.infer<typeof Contact>;

const DOCUMENT_READ_ONLY = ['id', 'number', 'lastModifiedDateTime'] as const;

/**
 * Each connector entity: its BC entity set, schema, the fields `searchByKeys` accepts, and
 * `expand`, the navigation property read with every record (an order's lines).
 */
export const ERP_ENTITIES = {
  customer: {
    set: 'customers',
    schema: Customer,
    searchKeys: ['taxRegistrationNumber', 'email', 'website', 'phoneNumber', 'displayName', 'externalId'],
    requiredFields: ['displayName'],
    readOnlyFields: ['id', 'number', 'balanceDue', 'lastModifiedDateTime'],
  },
  contact: {
    set: 'contacts',
    schema: Contact,
    searchKeys: ['email', 'externalId'],
    requiredFields: ['displayName'],
    readOnlyFields: ['id', 'number', 'lastModifiedDateTime'],
  },
  item: {
    set: 'items',
    schema: Item,
    searchKeys: ['number', 'displayName'],
    requiredFields: ['displayName'],
    readOnlyFields: DOCUMENT_READ_ONLY,
  },
  salesQuote: {
    set: 'salesQuotes',
    schema: SalesQuote,
    searchKeys: ['externalDocumentNumber', 'number'],
    requiredFields: ['customerId'],
    readOnlyFields: DOCUMENT_READ_ONLY,
  },
  salesOrder: {
    set: 'salesOrders',
    schema: SalesOrder,
    searchKeys: ['externalDocumentNumber', 'number'],
    requiredFields: ['customerId'],
    readOnlyFields: [
      ...DOCUMENT_READ_ONLY,
      'status',
      'fullyShipped',
      'totalAmountExcludingTax',
      'totalAmountIncludingTax',
    ],
    expand: 'salesOrderLines',
  },
  salesOrderLine: {
    set: 'salesOrderLines',
    schema: SalesOrderLine,
    searchKeys: ['documentId'],
    requiredFields: [],
    // Lines are written only through their order's deep insert.
    readOnlyFields: Object.keys(SalesOrderLine.shape),
  },
  salesInvoice: {
    set: 'salesInvoices',
    schema: SalesInvoice,
    searchKeys: ['externalDocumentNumber', 'number', 'orderId'],
    requiredFields: ['customerId'],
    readOnlyFields: DOCUMENT_READ_ONLY,
  },
  customerPayment: {
    set: 'customerPayments',
    schema: CustomerPayment,
    searchKeys: ['externalDocumentNumber', 'appliesToInvoiceId'],
    requiredFields: ['customerId'],
    readOnlyFields: ['id', 'lastModifiedDateTime'],
  },
  billingContract: {
    set: 'billingContracts',
    schema: BillingContract,
    searchKeys: ['externalDocumentNumber', 'number'],
    requiredFields: ['customerId', 'startDate'],
    readOnlyFields: DOCUMENT_READ_ONLY,
  },
} as const;

/** Connector entity name (`customer`, `contact`, `item`, `salesOrder`, ...). */
export type ErpEntityName = keyof typeof ERP_ENTITIES;
