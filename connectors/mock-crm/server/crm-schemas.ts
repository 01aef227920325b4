import { INDUSTRIES } from '../hubspot-industries';
import { LEAD_TO_CASH_SCHEMAS } from './lead-to-cash-schemas';
import { SYSTEM } from './system-properties';
/** How the mock validates, compares and sorts a property's string value. */
export type PropertyType = 'string' | 'number' | 'datetime' | 'date' | 'enumeration' | 'email';

/** One property of a CRM object type, as far as the mock needs to know it. */
export interface PropertyDefinition {
  type: PropertyType;
  /** System-maintained; writes are rejected with READ_ONLY_VALUE. */
  readOnly?: boolean;
  /**
   * A custom property an app created (HubSpot `hubspotDefined: false`). The `erp_*` ones are
   * also `appOwned`: read-only for people (`readOnlyValue: true`), still writable with the token.
   */
  custom?: boolean;
  /** Owned by the bridge app: shown read-only to people, written by the API like any other. */
  appOwned?: boolean;
  /** Values are unique per object type (case-insensitive); usable as `idProperty`. */
  unique?: boolean;
  /** Allowed values of an enumeration. */
  options?: readonly string[];
}

/** The shape of one object type: its HubSpot id and its properties. */
export interface CrmObjectSchema {
  /** Plural name used in URLs (`companies`). */
  name: string;
  /** HubSpot's object type id (`0-2`), accepted in URLs as an alias. */
  typeId: string;
  properties: Readonly<Record<string, PropertyDefinition>>;
}

export { INDUSTRIES } from '../hubspot-industries';

export { SYSTEM_PROPERTIES } from './system-properties';

const text: PropertyDefinition = { type: 'string' };
const appText: PropertyDefinition = { type: 'string', custom: true, appOwned: true };

/**
 * The object types the mock serves. Adding a type is one entry here (the lead-to-cash ones
 * live in `lead-to-cash-schemas.ts`): the store, routes, search and validation are generic.
 */
export const CRM_OBJECT_SCHEMAS: Readonly<Record<string, CrmObjectSchema>> = {
  companies: {
    name: 'companies',
    typeId: '0-2',
    properties: {
      ...SYSTEM,
      name: text,
      domain: text,
      phone: text,
      address: text,
      city: text,
      state: text,
      zip: text,
      country: text,
      industry: { type: 'enumeration', options: INDUSTRIES },
      numberofemployees: { type: 'number' },
      annualrevenue: { type: 'number' },
      // A custom property in HubSpot terms; marked unique so it can serve as an upsert key.
      tax_id: { type: 'string', unique: true, custom: true },
      erp_credit_limit: { type: 'number', custom: true, appOwned: true },
      erp_payment_terms: appText,
      // Set by a merge: the ids merged into this company, `;`-separated.
      hs_merged_object_ids: { type: 'string', readOnly: true },
    },
  },
  contacts: {
    name: 'contacts',
    typeId: '0-1',
    properties: {
      ...SYSTEM,
      firstname: text,
      lastname: text,
      email: { type: 'email', unique: true },
      phone: text,
      jobtitle: text,
      company: text,
    },
  },
  ...LEAD_TO_CASH_SCHEMAS,
};

/**
 * Finds the schema for a URL segment: the plural name (`contacts`) or HubSpot's type id (`0-1`).
 *
 * @example
 * resolveObjectSchema('0-2')?.name // 'companies'
 */
export function resolveObjectSchema(segment: string): CrmObjectSchema | undefined {
  const byName = CRM_OBJECT_SCHEMAS[segment];
  if (byName) return byName;
  return Object.values(CRM_OBJECT_SCHEMAS).find((schema) => schema.typeId === segment);
}

/**
 * Unique properties per object type, the shape {@link CrmStore} needs for its indexes.
 *
 * @example
 * uniquePropertiesOf() // { companies: ['tax_id'], contacts: ['email'] }
 */
export function uniquePropertiesOf(
  schemas: Readonly<Record<string, CrmObjectSchema>> = CRM_OBJECT_SCHEMAS,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const schema of Object.values(schemas)) {
    result[schema.name] = Object.entries(schema.properties)
      .filter(([, definition]) => definition.unique)
      .map(([name]) => name);
  }
  return result;
}
