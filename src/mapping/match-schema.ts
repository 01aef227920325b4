import { z } from 'zod';

/** Canonical fields of a company: what every company record is compared on. */
export const COMPANY_FIELDS = [
  'name',
  'street',
  'city',
  'postalCode',
  'state',
  'country',
  'phone',
  'email',
  'domain',
  'taxId',
] as const;

/** Canonical fields of a person. */
export const PERSON_FIELDS = [
  'givenName',
  'surname',
  'dateOfBirth',
  'street',
  'city',
  'postalCode',
  'state',
  'phone',
  'email',
  'nationalId',
] as const;

/** Any canonical field. */
export type CanonicalField = (typeof COMPANY_FIELDS)[number] | (typeof PERSON_FIELDS)[number];

/** Pairwise scorers a fuzzy field may use (see src/dedupe/field-scorers.ts). */
export const SCORERS = ['jaroWinkler', 'tokenSet', 'personName', 'edit', 'exact', 'date', 'numeric'] as const;

/**
 * A blocking key part: `field`, or `fn(field)` with fn one of soundex, prefix<n>, firstToken,
 * lastToken, year, digits<n> (e.g. `soundex(surname)`, `prefix4(name)`, `digits7(phone)`). No
 * commas, so a pass can be written as a YAML flow list.
 */
export const BLOCKING_PART = /^(?:(soundex|prefix|firstToken|lastToken|year|digits)(\d*)\((\w+)\)|(\w+))$/;

const FuzzyField = z.strictObject({
  /** Defaults to the field's natural scorer (tokenSet for company names, date for dates, ...). */
  scorer: z.enum(SCORERS).optional(),
  /** Relative weight in `configured` mode; ignored with `em`, which estimates its own. */
  weight: z.number().positive().default(1),
});

/**
 * The `match:` section of a flow file, and the body of a `bridge dedupe` config: how to find an
 * existing record before creating one. Scores are in [0, 1] whatever the weighting, so the
 * thresholds read the same in every file: at or above `link` the records are linked, from
 * `review` up to `link` the pair waits in the review queue, below `review` a new record is created.
 *
 * @example
 * match:
 *   entity: company
 *   fields: { displayName: name, addressLine1: street, website: domain }
 *   exact: [domain]
 *   fuzzy: { name: { weight: 3 }, street: {} }
 *   blocking: [[prefix4(name)], [phone]]
 *   thresholds: { link: 0.9, review: 0.75 }
 */
export const MatchRules = z
  .strictObject({
    /** Vocabulary of canonical fields: company or person. */
    entity: z.enum(['company', 'person']),
    /** Record field (target field in a flow, CSV column in a file) -> canonical field. Fields mapped to the same canonical field are joined with a space, in this order. */
    fields: z.record(z.string().min(1), z.string().min(1)),
    /** Canonical fields whose equality alone links (tax id, e-mail, web domain, phone). */
    exact: z.array(z.string()).default([]),
    /** Canonical fields scored pairwise. */
    fuzzy: z.record(z.string(), FuzzyField).refine((f) => Object.keys(f).length > 0, 'score at least one field'),
    /** `configured`: weighted mean of the field scores. `em`: Fellegi-Sunter m/u weights estimated by EM on the data. */
    weights: z.enum(['configured', 'em']).default('configured'),
    /** Blocking passes: a pair is compared when any pass gives both records the same key. */
    blocking: z
      .array(
        z.array(z.string().regex(BLOCKING_PART, 'a field or fn(field), e.g. soundex(surname), prefix4(name)')).min(1),
      )
      .min(1),
    /** Blocks larger than this are skipped (a key shared by that many records does not discriminate). */
    maxBlockSize: z.number().int().positive().default(1000),
    thresholds: z
      .strictObject({ link: z.number().min(0).max(1), review: z.number().min(0).max(1) })
      .refine((t) => t.review <= t.link, 'review must not be above link'),
    /**
     * When to ask the target's `searchByKeys` for exact-key matches before a create: `auto` only
     * when the target has no change feed to keep the local index fresh; `always` for every
     * create (catches records created in the target within the last 30 s, at one call each).
     */
    searchTarget: z.enum(['auto', 'always', 'never']).default('auto'),
    /** Country assumed for phone numbers and postal codes without one. */
    defaultCountry: z.string().length(2).default('US'),
  })
  .superRefine((rules, ctx) => {
    const known: readonly string[] = rules.entity === 'company' ? COMPANY_FIELDS : PERSON_FIELDS;
    const mapped = new Set(Object.values(rules.fields));
    const check = (field: string, path: PropertyKey[]) => {
      if (!known.includes(field)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${field}" is not a ${rules.entity} field (${known.join(', ')})`,
        });
      } else if (!mapped.has(field)) {
        ctx.addIssue({ code: 'custom', path, message: `"${field}" is not mapped from any field in fields:` });
      }
    };
    for (const [from, to] of Object.entries(rules.fields)) {
      if (!known.includes(to)) check(to, ['fields', from]);
    }
    rules.exact.forEach((field, i) => {
      check(field, ['exact', i]);
    });
    for (const field of Object.keys(rules.fuzzy)) check(field, ['fuzzy', field]);
    rules.blocking.forEach((key, i) => {
      key.forEach((part, j) => {
        const m = BLOCKING_PART.exec(part);
        check(m?.[3] ?? m?.[4] ?? part, ['blocking', i, j]);
      });
    });
  });
/** Parsed match rules, defaults applied. */
export type MatchRules = z.infer<typeof MatchRules>;
/** Match rules as written (before defaults). */
export type MatchRulesInput = z.input<typeof MatchRules>;
