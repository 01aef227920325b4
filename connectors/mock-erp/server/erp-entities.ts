import { SALES_ENTITY_SETS } from './sales-entity-sets';

/** Value types the mock knows; `$filter` literals and write bodies are checked against them. */
export type FieldType = 'string' | 'number' | 'boolean' | 'guid' | 'datetime';

/** One field of an entity set, with the rules Business Central enforces on it. */
export interface FieldDef {
  type: FieldType;
  /** Longest accepted text, as in the BC table definition. */
  maxLength?: number;
  /** Option/enum values; anything else is refused. */
  values?: readonly string[];
  /** Server-assigned: refused on POST and PATCH. */
  readOnly?: boolean;
  /** Must be non-empty on create and cannot be cleared. */
  required?: boolean;
  /** `date` is BC's Edm.Date as text: `YYYY-MM-DD` (or '' for none). */
  format?: 'email' | 'date';
  /** Accepts and stores null (only the mock's own extension fields). */
  nullable?: boolean;
  /** Value of the field on a created record when the body does not set it. */
  default?: string | number | boolean | null;
  /** The value must match a record of another set (null, '' or the empty GUID mean "none"). */
  references?: { set: string; by: 'id' | 'number'; table: string };
}

/** How `number` is assigned: `C00010`, `C00020`, ... (`offset + counter * step`, zero-padded). */
export interface NumberSeries {
  prefix: string;
  digits: number;
  step: number;
  /** Added to `counter * step`, so items start at `1000` and orders at `S-ORD101001`. Default 0. */
  offset?: number;
}

/** Everything the mock needs to know about one entity set. */
export interface EntitySetDef {
  /** BC table name, used in messages and permission errors ("TableData Customer"). */
  table: string;
  /** OData entity type name (`Microsoft.NAV.customer`). */
  odataType: string;
  numberSeries: NumberSeries;
  fields: Readonly<Record<string, FieldDef>>;
  /** Fields with an equality index, so `$filter=email eq '...'` does not scan the table. */
  indexed: readonly string[];
  /**
   * Navigation properties: `salesOrders` -> `salesOrderLines` are the lines whose `documentId`
   * is the order's id. Served by `$expand` and by `salesOrders({id})/salesOrderLines`.
   */
  navigations?: Readonly<Record<string, { set: string; by: string }>>;
  /** Records are only written by the mock itself (deep insert, simulator): POST/PATCH/DELETE get 405. */
  serverWritten?: boolean;
}

/** BC's "no value" for a GUID field. */
export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

const text = (maxLength: number): FieldDef => ({ type: 'string', maxLength, default: '' });
const readOnly = (type: FieldType): FieldDef => ({ type, readOnly: true });
/** BC's address and phone fields, the same on customers and contacts. */
const postalAddress = (): Record<string, FieldDef> => ({
  addressLine1: text(100),
  addressLine2: text(50),
  city: text(30),
  state: text(30),
  country: text(10),
  postalCode: text(20),
  phoneNumber: text(30),
});

/**
 * The entity sets the mock serves: customers and contacts here, items, sales documents,
 * payments and billing contracts in {@link SALES_ENTITY_SETS}. Adding one is a new entry; the
 * store and routes are generic (sales orders have their own create, see createSalesOrder).
 */
export const ENTITY_SETS = {
  customers: {
    table: 'Customer',
    odataType: 'Microsoft.NAV.customer',
    numberSeries: { prefix: 'C', digits: 5, step: 10 },
    indexed: ['number', 'displayName', 'email', 'website', 'phoneNumber', 'taxRegistrationNumber', 'externalId'],
    fields: {
      id: readOnly('guid'),
      number: readOnly('string'),
      displayName: { type: 'string', maxLength: 100, required: true },
      type: { type: 'string', values: ['Company', 'Person'], default: 'Company' },
      ...postalAddress(),
      email: { ...text(80), format: 'email' },
      website: text(80),
      taxRegistrationNumber: text(20),
      taxLiable: { type: 'boolean', default: false },
      currencyCode: text(10),
      paymentTermsId: { type: 'guid', default: EMPTY_GUID },
      blocked: { type: 'string', values: [' ', 'Ship', 'Invoice', 'All'], default: ' ' },
      balanceDue: { type: 'number', readOnly: true, default: 0 },
      creditLimit: { type: 'number', default: 0 },
      // Mock extension (not in BC v2.0): the id of the record in the system it was synced from,
      // so an integration can find what it created when the create's answer was lost.
      externalId: text(50),
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  contacts: {
    table: 'Contact',
    odataType: 'Microsoft.NAV.contact',
    numberSeries: { prefix: 'CT', digits: 6, step: 10 },
    indexed: ['number', 'displayName', 'email', 'customerId', 'companyNumber', 'externalId'],
    fields: {
      id: readOnly('guid'),
      number: readOnly('string'),
      type: { type: 'string', values: ['Person', 'Company'], default: 'Person' },
      displayName: { type: 'string', maxLength: 100, required: true },
      companyNumber: { ...text(20), references: { set: 'contacts', by: 'number', table: 'Contact' } },
      companyName: text(100),
      businessTitle: text(30),
      ...postalAddress(),
      mobilePhoneNumber: text(30),
      email: { ...text(80), format: 'email' },
      website: text(80),
      // Mock extension (not in BC v2.0): links a contact to its customer; null when unlinked.
      customerId: {
        type: 'guid',
        nullable: true,
        default: null,
        references: { set: 'customers', by: 'id', table: 'Customer' },
      },
      // Mock extension (not in BC v2.0): the id of the record in the system it was synced from,
      // so an integration can find what it created when the create's answer was lost.
      externalId: text(50),
      lastModifiedDateTime: readOnly('datetime'),
    },
  },
  ...SALES_ENTITY_SETS,
} as const satisfies Record<string, EntitySetDef>;

/** Name of an entity set the mock serves (`customers`, `contacts`, `items`, ...). */
export type ErpEntitySetName = keyof typeof ENTITY_SETS;

/**
 * Looks up an entity set by its URL name.
 *
 * @example
 * entitySet('customers')?.table // 'Customer'
 */
export function entitySet(name: string): EntitySetDef | undefined {
  return Object.hasOwn(ENTITY_SETS, name) ? ENTITY_SETS[name as ErpEntitySetName] : undefined;
}
