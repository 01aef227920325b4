import { z } from 'zod';

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
  addressLine1: z.string(),
  addressLine2: z.string(),
  city: z.string(),
  state: z.string(),
  country: z.string(),
  postalCode: z.string(),
  phoneNumber: z.string(),
  email: z.string(),
  website: z.string(),
  taxRegistrationNumber: z.string(),
  taxLiable: z.boolean(),
  currencyCode: z.string(),
  paymentTermsId: z.string(),
  blocked: z.enum([' ', 'Ship', 'Invoice', 'All']),
  balanceDue: z.number(),
  creditLimit: z.number(),
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
  addressLine1: z.string(),
  addressLine2: z.string(),
  city: z.string(),
  state: z.string(),
  country: z.string(),
  postalCode: z.string(),
  phoneNumber: z.string(),
  mobilePhoneNumber: z.string(),
  email: z.string(),
  website: z.string(),
  customerId: z.string().nullable(),
  lastModifiedDateTime: z.string(),
});
/** See {@link Contact}. */
export type Contact = z.infer<typeof Contact>;

/** Each connector entity: its BC entity set, schema, and the fields `searchByKeys` accepts. */
export const ERP_ENTITIES = {
  customer: {
    set: 'customers',
    schema: Customer,
    searchKeys: ['taxRegistrationNumber', 'email', 'website', 'phoneNumber', 'displayName'],
    requiredFields: ['displayName'],
    readOnlyFields: ['id', 'number', 'balanceDue', 'lastModifiedDateTime'],
  },
  contact: {
    set: 'contacts',
    schema: Contact,
    searchKeys: ['email'],
    requiredFields: ['displayName'],
    readOnlyFields: ['id', 'number', 'lastModifiedDateTime'],
  },
} as const;

/** Connector entity name (`customer`, `contact`). */
export type ErpEntityName = keyof typeof ERP_ENTITIES;
