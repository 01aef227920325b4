import { z } from 'zod';

/**
 * The industry picklist the mock CRM serves (a subset of HubSpot's). Declared as an enum so
 * mapping validation can check that value maps cover every industry.
 */
export const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'MACHINERY',
  'RETAIL',
  'HOSPITAL_HEALTH_CARE',
  'FINANCIAL_SERVICES',
  'CONSTRUCTION',
  'FOOD_BEVERAGES',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'AUTOMOTIVE',
  'WHOLESALE',
  'MEDICAL_DEVICES',
  'TELECOMMUNICATIONS',
  'MARKETING_AND_ADVERTISING',
  'BUILDING_MATERIALS',
  'CHEMICALS',
] as const;

/** HubSpot returns every property as a string, or null when it is unset. */
const text = z.string().nullable();

/** System properties HubSpot sets on every object (always present in our reads). */
const system = {
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
