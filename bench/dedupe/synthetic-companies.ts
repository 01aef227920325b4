import { seededRandom } from '../../src/dedupe/find-pairs';

/** A synthetic company row, in the column names of `company-columns.yaml`. */
export type CompanyRow = Record<'id' | 'name' | 'street' | 'city' | 'zip' | 'phone' | 'web', string>;

const CONSONANTS = [...'bcdfghjklmnprstvz', 'br', 'st', 'tr', 'ch', 'sh', 'gr', 'pl', 'kr'];
const VOWELS = [...'aeiou', 'ai', 'ou', 'ea'];
const KINDS = ['Widgets', 'Logistics', 'Systems', 'Foods', 'Labs', 'Holdings', 'Supply', 'Energy', 'Media', 'Works'];
const LEGAL = ['Inc', 'Inc.', 'LLC', 'Ltd', 'Corp', 'Corporation', 'GmbH', 'S.A.', 'BV', ''];
// 40 towns: 100,000 companies spread like a national customer base, not crammed into a few cities.
const CITIES = Array.from({ length: 40 }, (_, i) => `Town ${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`);
const STREETS = ['Main Street', 'Oak Avenue', 'Market St', 'Pine Road', 'Cedar Blvd', 'Lake Drive', 'Hill Rd'];

/**
 * Deterministic synthetic companies for the speed benchmark: `left` holds `size` companies;
 * `right` holds `size` too, of which `overlap` are dirty copies of left ones (case, legal form,
 * one typo, phone format, street abbreviation, a dropped field) and the rest are new.
 *
 * @example
 * const { left, right, truth } = syntheticCompanies(100_000, 0.5);
 */
export function syntheticCompanies(size: number, overlap: number, seed = 7) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const word = () => {
    let w = '';
    for (let s = 0, n = 2 + Math.floor(random() * 2); s < n; s++) w += pick(CONSONANTS) + pick(VOWELS);
    return w[0]!.toUpperCase() + w.slice(1);
  };
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const company = (id: string): CompanyRow => {
    const name = `${word()} ${random() < 0.5 ? word() : pick(KINDS)}`;
    return {
      id,
      name: `${name} ${pick(LEGAL)}`.trim(),
      street: `${1 + Math.floor(random() * 9999)} ${word()} ${pick(STREETS)}`,
      city: pick(CITIES),
      zip: digits(5),
      phone: `(${2 + Math.floor(random() * 8)}${digits(2)}) ${digits(3)}-${digits(4)}`,
      web: random() < 0.6 ? `${name.toLowerCase().replace(/[^a-z]/g, '')}.com` : '',
    };
  };
  const typo = (text: string) => {
    const i = 1 + Math.floor(random() * (text.length - 2));
    return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
  };
  const dirty = (row: CompanyRow, id: string): CompanyRow => {
    const base = row.name.replace(/ (Inc\.?|LLC|Ltd|Corp|Corporation|GmbH|S\.A\.|BV)$/, '');
    const name = random() < 0.3 ? typo(base) : random() < 0.5 ? base.toUpperCase() : `${base} ${pick(LEGAL)}`;
    const digitsOnly = row.phone.replace(/\D/g, '');
    return {
      id,
      name: name.trim(),
      street: random() < 0.05 ? '' : row.street.replace('Street', 'St').replace('Avenue', 'Ave'),
      city: random() < 0.05 ? '' : row.city,
      zip: random() < 0.1 ? `${row.zip}-${digits(4)}` : row.zip,
      phone: random() < 0.1 ? '' : random() < 0.5 ? `+1 ${digitsOnly}` : digitsOnly,
      web: random() < 0.3 ? '' : row.web ? `https://www.${row.web}/` : '',
    };
  };
  const left = Array.from({ length: size }, (_, i) => company(`L${i}`));
  const truth = new Set<string>();
  const right = Array.from({ length: size }, (_, j) => {
    if (random() < overlap) {
      const i = Math.floor(random() * size);
      truth.add(`L${i}|R${j}`);
      return dirty(left[i]!, `R${j}`);
    }
    return company(`R${j}`);
  });
  return { left, right, truth };
}
