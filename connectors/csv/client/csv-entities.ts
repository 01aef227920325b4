import { z } from 'zod';

/**
 * The field a row carries when the file itself is wrong there (wrong column count, a value
 * that does not parse). The row is still delivered, so nothing is silently dropped, and the
 * schema refuses it with the file, line and column in the message: the engine then records it
 * as a `record_invalid` failure for that record while the other rows proceed.
 */
export const CSV_ERROR_FIELD = '_csv_error';

const text = z.string().nullable().optional();
/**
 * The row id again, under the mock CRM's name, so the shipped CRM flows (`externalId: { from:
 * hs_object_id }`) read a CSV export unchanged.
 */
export const ROW_ID_FIELD = 'hs_object_id';

const rowError = {
  [ROW_ID_FIELD]: z.string().optional(),
  [CSV_ERROR_FIELD]: z.undefined({ error: (issue) => String(issue.input) }).optional(),
};

/** A company row, with the mock CRM's field names so the companies flow can read a file instead. */
export const CsvCompany = z.object({
  name: text,
  domain: text,
  phone: text,
  address: text,
  city: text,
  state: text,
  zip: text,
  country: text,
  industry: text,
  /** Integer as a string; checked while reading. */
  numberofemployees: text,
  /** Decimal as a string; checked while reading. */
  annualrevenue: text,
  tax_id: text,
  ...rowError,
});

/** A contact row, with the mock CRM's field names. */
export const CsvContact = z.object({
  firstname: text,
  lastname: text,
  email: text,
  phone: text,
  jobtitle: text,
  company: text,
  ...rowError,
});

/** Per entity, the columns whose values must parse, and how; a failure names line and column. */
export const VALUE_CHECKS: Record<string, Record<string, (value: string) => string | undefined>> = {
  company: {
    numberofemployees: (v) => (/^\s*\d+\s*$/.test(v) ? undefined : `"${v}" is not a whole number`),
    annualrevenue: (v) => (/^\s*-?\d+(\.\d+)?\s*$/.test(v) ? undefined : `"${v}" is not a decimal number`),
  },
  contact: {},
};

/** Search keys per entity (the same as the mock CRM's). */
export const SEARCH_KEYS = { company: ['domain', 'name', 'tax_id', 'phone'], contact: ['email'] } as const;
