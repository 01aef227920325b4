import { foldText } from './text-folding';

/**
 * Street-type and unit words -> one short form (USPS Publication 28 abbreviations for the
 * English ones, plus common German, French and Spanish forms). libpostal does this properly but
 * is a 2 GB native model; for comparison a table of the frequent forms is enough.
 */
const STREET_WORDS: Record<string, string> = {
  street: 'st',
  str: 'st',
  strasse: 'st',
  st: 'st',
  avenue: 'ave',
  av: 'ave',
  ave: 'ave',
  avenida: 'ave',
  boulevard: 'blvd',
  blvd: 'blvd',
  bd: 'blvd',
  road: 'rd',
  rd: 'rd',
  drive: 'dr',
  dr: 'dr',
  lane: 'ln',
  ln: 'ln',
  court: 'ct',
  ct: 'ct',
  place: 'pl',
  pl: 'pl',
  square: 'sq',
  sq: 'sq',
  terrace: 'ter',
  parkway: 'pkwy',
  pkwy: 'pkwy',
  highway: 'hwy',
  hwy: 'hwy',
  circuit: 'cct',
  crescent: 'cres',
  cres: 'cres',
  circle: 'cir',
  cir: 'cir',
  way: 'way',
  calle: 'calle',
  rue: 'rue',
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
};
const UNIT_WORDS = new Set(['apt', 'apartment', 'unit', 'suite', 'ste', 'flat', 'room', 'rm', 'fl', 'floor']);

/**
 * Normalises an address line: folded text, street types and directions abbreviated one way,
 * and a unit (`Apt 5`, `Suite 200`, `#5`) reduced to `#<number>` at the end, so
 * "5 Main Street, Suite 200" and "5 main st ste 200" compare equal.
 *
 * @example
 * normaliseAddressLine('12 Pinkerton Circuit, Apt. 3') // '12 pinkerton cct #3'
 */
export function normaliseAddressLine(value: unknown): string {
  const raw = value === null || value === undefined ? '' : String(value).replace(/#\s*/g, ' unit ');
  const tokens = foldText(raw).split(' ').filter(Boolean);
  const kept: string[] = [];
  let unit: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (UNIT_WORDS.has(token) && next !== undefined && /\d/.test(next)) {
      unit = next;
      i++;
      continue;
    }
    kept.push(STREET_WORDS[token] ?? token);
  }
  if (unit) kept.push(`#${unit}`);
  return kept.join(' ');
}

/**
 * Normalises a postal code: upper case without spaces or dashes; a US ZIP+4 keeps its five-digit
 * ZIP and a four-digit US ZIP gets back the leading zero a spreadsheet took away.
 *
 * @example
 * normalisePostalCode('2108', 'US') // '02108'
 * normalisePostalCode('sw1a 1aa') // 'SW1A1AA'
 */
export function normalisePostalCode(value: unknown, country?: string): string {
  if (value === null || value === undefined) return '';
  const text = String(value)
    .slice(0, 40)
    .toUpperCase()
    .replace(/[\s-]+/g, '');
  if (country === 'US' && /^\d+$/.test(text)) {
    if (text.length === 9) return text.slice(0, 5);
    if (text.length === 4) return `0${text}`;
  }
  return text.replace(/[^\p{L}\p{N}]/gu, '');
}
