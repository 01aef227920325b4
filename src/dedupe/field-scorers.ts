import type { CanonicalField, SCORERS } from '../mapping/match-schema';
import { countryCode } from '../mapping/transforms/country-code';
import { usStateCode } from '../mapping/transforms/us-state-code';
import { normaliseAddressLine, normalisePostalCode } from './address';
import { normaliseCompanyName } from './company-name';
import { normaliseDomain, normaliseEmail, normalisePhone, normaliseTaxId } from './contact-keys';
import { normalisePersonName } from './person-name';
import {
  dateSimilarity,
  editSimilarity,
  jaroWinkler,
  numericSimilarity,
  tokenSetSimilarity,
} from './string-similarity';
import { foldText } from './text-folding';

/** Name of a pairwise scorer. */
export type ScorerName = (typeof SCORERS)[number];

/**
 * Scores two normalised values of one field in [0, 1]. Both are non-empty: a missing value is
 * handled by the caller (it is neither agreement nor disagreement).
 */
export type Scorer = (a: string, b: string) => number;

/**
 * Person-name similarity: Jaro-Winkler, except that an initial agrees with any name it starts
 * (`j` ~ `john` scores 0.9), since forms often hold only the initial.
 *
 * @example
 * personNameSimilarity('j', 'john') // 0.9
 */
export function personNameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 0.9;
  return jaroWinkler(a, b);
}

/** Every scorer by name. */
export const SCORER_FUNCTIONS: Record<ScorerName, Scorer> = {
  jaroWinkler,
  tokenSet: tokenSetSimilarity,
  personName: personNameSimilarity,
  edit: editSimilarity,
  exact: (a, b) => (a === b ? 1 : 0),
  date: dateSimilarity,
  numeric: (a, b) => numericSimilarity(a, b),
};

/** How a canonical field is normalised and, by default, scored. */
interface FieldKind {
  normalise: (value: unknown, country: string) => string;
  scorer: ScorerName;
}

const region = (value: unknown): string => {
  const text = foldText(value);
  return text ? (usStateCode(text) ?? text) : '';
};

/** The normaliser and natural scorer of each canonical field. */
export const FIELD_KINDS: Record<CanonicalField, FieldKind> = {
  name: { normalise: normaliseCompanyName, scorer: 'tokenSet' },
  givenName: { normalise: normalisePersonName, scorer: 'personName' },
  surname: { normalise: normalisePersonName, scorer: 'personName' },
  dateOfBirth: { normalise: (v) => foldText(v).replace(/\D/g, ''), scorer: 'date' },
  street: { normalise: normaliseAddressLine, scorer: 'tokenSet' },
  city: { normalise: foldText, scorer: 'jaroWinkler' },
  postalCode: { normalise: normalisePostalCode, scorer: 'edit' },
  state: { normalise: region, scorer: 'exact' },
  country: { normalise: (v) => (v ? (countryCode(String(v)) ?? foldText(v)) : ''), scorer: 'exact' },
  phone: { normalise: (v, c) => normalisePhone(v, c === 'US' ? 'US' : undefined), scorer: 'edit' },
  email: { normalise: normaliseEmail, scorer: 'jaroWinkler' },
  domain: { normalise: normaliseDomain, scorer: 'exact' },
  taxId: { normalise: normaliseTaxId, scorer: 'edit' },
  nationalId: { normalise: normaliseTaxId, scorer: 'edit' },
};
