import { foldText } from './text-folding';

/**
 * Legal-form words, after folding (lower case, no accents, punctuation as spaces). No maintained
 * JS library lists them: the ISO 20275 ELF code list is the authority but is a 3,000-row CSV keyed
 * by jurisdiction, far more than matching needs. These are the common forms across the languages
 * our customers use; a missing one only costs a little similarity, never a wrong match.
 */
const LEGAL_FORMS = new Set([
  // English
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'plc',
  'pty',
  'pllc',
  'pc',
  'group',
  'holdings',
  // German, Austrian, Swiss
  'gmbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'mbh',
  'ev',
  'kgaa',
  // French, Spanish, Italian, Portuguese
  'sa',
  'sas',
  'sarl',
  'sasu',
  'eurl',
  'sl',
  'slu',
  'srl',
  'spa',
  'sapa',
  'snc',
  'lda',
  'ltda',
  'cv',
  'sc',
  'scs',
  // Dutch, Belgian, Nordic, others
  'bv',
  'nv',
  'vof',
  'bvba',
  'ab',
  'as',
  'asa',
  'aps',
  'oy',
  'oyj',
  'hf',
  'kk',
  'sro',
  'zoo',
  'doo',
  'ad',
]);

/** Multi-letter forms written with dots or spaces fold to single letters (`S.A.` -> `s a`); rejoin them. */
const SPACED_FORMS: [RegExp, string][] = [
  [/\bl l c\b/g, 'llc'],
  [/\bl l p\b/g, 'llp'],
  [/\bs a r l\b/g, 'sarl'],
  [/\bs a s\b/g, 'sas'],
  [/\bs p a\b/g, 'spa'],
  [/\bs r l\b/g, 'srl'],
  [/\bs a\b/g, 'sa'],
  [/\bb v\b/g, 'bv'],
  [/\bn v\b/g, 'nv'],
  [/\bs l\b/g, 'sl'],
  [/\bp l c\b/g, 'plc'],
  [/\bs r o\b/g, 'sro'],
  [/\bz o o\b/g, 'zoo'],
  [/\bk k\b/g, 'kk'],
];

/**
 * Normalises a company name for comparison: folded text, `&` and `+` read as `and`, legal forms
 * (Inc, LLC, GmbH, S.A., BV, Pty Ltd, ...) removed from the end, a leading `the` dropped. A name
 * that is only a legal form keeps it, so "Inc." does not become empty.
 *
 * @example
 * normaliseCompanyName('ACME Widgets, Inc.') // 'acme widgets'
 * normaliseCompanyName('Müller & Söhne GmbH & Co. KG') // 'muller and sohne'
 */
export function normaliseCompanyName(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = foldText(String(value).replace(/[&+]/g, ' and '));
  for (const [pattern, joined] of SPACED_FORMS) text = text.replace(pattern, joined);
  const tokens = text.split(' ').filter(Boolean);
  while (tokens.length > 1 && (LEGAL_FORMS.has(tokens.at(-1)!) || tokens.at(-1) === 'and')) tokens.pop();
  if (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  return tokens.join(' ');
}
