import { z } from 'zod';
import { INDUSTRIES } from '../hubspot-industries';

export { INDUSTRIES } from '../hubspot-industries';

/** HubSpot returns every property as a string, or null when it is unset. */
export const text = z.string().nullable();

/** System properties HubSpot sets on every object (always present in our reads). */
export const system = {
  hs_object_id: z.string(),
  createdate: z.string(),
  hs_lastmodifieddate: z.string(),
};

/**
 * A HubSpot company's properties as the connector reads them (`ConnectorRecord.fields`).
 * Values are raw and may be dirty (padded names, mixed-case domains, many phone formats):
 * cleaning is the mapping's job.
 */
export const Company = z.object({
  ...system,
  name: text,
  domain: text,
  phone: text,
  address: text,
  city: text,
  state: text,
  zip: text,
  country: text,
  industry: z.enum(INDUSTRIES).nullable(),
  /** Integer as a string. */
  numberofemployees: text,
  /** Decimal as a string. */
  annualrevenue: text,
  /** Custom property, unique per company; not every company has one. */
  tax_id: text,
  /** ERP-owned (decision 010): decimal as a string, written by the bridge, read-only for people. */
  erp_credit_limit: text,
  /** ERP-owned payment terms code. */
  erp_payment_terms: text,
  /** Ids merged into this company, `;`-separated; set by HubSpot on merge. */
  hs_merged_object_ids: text,
});
export type Company = z.infer<typeof Company>;

/** A HubSpot contact's properties as the connector reads them. */
export const Contact = z.object({
  ...system,
  firstname: text,
  lastname: text,
  /** Unique in HubSpot; may arrive mixed-case or padded. */
  email: text,
  phone: text,
  jobtitle: text,
  /** Company name as free text; the real link is `associations.company`. */
  company: text,
});
export type Contact = z.infer<typeof Contact>;
