import { INDUSTRIES } from './crm-schemas';
import type { CrmStore } from './crm-store';
import { createPrng } from './prng';
import { seedSales } from './seed-sales';
import { type SeedCity, SEED_VOCABULARY as V } from './seed-vocabulary';

/** Options of {@link seedCrm}. */
export interface SeedCrmOptions {
  companies?: number;
  contacts?: number;
  /** Deals on seeded companies (default 6). */
  deals?: number;
  /** Tickets on seeded companies (default 20); CRM-only records the bridge must never sync. */
  tickets?: number;
  /** Same seed, same data: ids, values and timestamps. */
  seed?: number;
}

/** What was seeded, so tests can find the planted problems without searching for them. */
export interface SeedCrmResult {
  companyIds: string[];
  contactIds: string[];
  /** Near-duplicate companies planted on purpose (~2%): the original and its variant. */
  nearDuplicates: Array<{ originalId: string; duplicateId: string }>;
  dealIds: string[];
  ticketIds: string[];
}

/** All seeded timestamps are offsets from this instant, so they do not depend on the run date. */
export const SEED_BASE_MS = Date.parse('2026-01-01T00:00:00Z');

interface CompanyFacts {
  id: string;
  words: string[];
  legal: string;
  domain: string;
  city: SeedCity;
  phone: string;
  streetNo: number;
  street: string;
  streetType: readonly [string, string];
}

/**
 * Fills a store with deterministic, deliberately dirty data: padded and double-spaced
 * names, mixed-case domains, five US phone formats, state names instead of codes, zips that
 * lost their leading zero, a few percent empty fields and ~2% near-duplicate companies.
 * Timestamps are `SEED_BASE_MS + i seconds` plus a seeded offset.
 *
 * @example
 * const store = new CrmStore({ uniqueProperties: uniquePropertiesOf() });
 * const { nearDuplicates } = seedCrm(store, { companies: 200, contacts: 500, seed: 7 });
 */
export function seedCrm(store: CrmStore, options: SeedCrmOptions = {}): SeedCrmResult {
  const { companies = 2000, contacts = 5000, deals = 6, tickets = 20, seed = 42 } = options;
  const random = createPrng(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const blank = (p: number, value: string) => (chance(p) ? pick([null, '']) : value);

  const result: SeedCrmResult = { companyIds: [], contactIds: [], nearDuplicates: [], dealIds: [], ticketIds: [] };
  const originals: CompanyFacts[] = [];
  const names: string[] = [];
  const domains: string[] = [];

  for (let i = 0; i < companies; i++) {
    const createdAt = SEED_BASE_MS + i * 1000;
    const at = createdAt + int(0, 3600) * 1000;
    const original = i > 10 && chance(0.02) ? pick(originals) : undefined;
    const facts = original ?? freshCompany(originals.length);
    const name = original ? duplicateName(facts) : messy(`${facts.words.join(' ')} ${facts.legal}`);
    const employees = int(1, 5000);
    const properties: Record<string, string | null> = {
      name,
      domain: blank(0.03, original ? duplicateDomain(facts.domain) : messyDomain(facts.domain)),
      phone: blank(0.04, formatPhone(facts.phone)),
      address: blank(0.04, messy(`${facts.streetNo} ${facts.street} ${pick(facts.streetType)}`)),
      city: blank(0.02, chance(0.05) ? facts.city.city.toUpperCase() : facts.city.city),
      state: blank(
        0.02,
        chance(0.2) ? facts.city.stateName : chance(0.05) ? facts.city.state.toLowerCase() : facts.city.state,
      ),
      zip: blank(0.03, zipFor(facts.city)),
      country: blank(0.04, pick(V.countries)),
      industry: chance(0.05) ? null : pick(INDUSTRIES),
      numberofemployees: blank(0.05, String(employees)),
      annualrevenue: blank(0.08, `${employees * int(80, 250) * 1000}${chance(0.3) ? '.00' : ''}`),
      // tax_id is unique: a duplicate never carries its original's.
      tax_id: !original && chance(0.65) ? taxId(originals.length) : null,
    };
    const company = store.create('companies', properties, { createdAt, at });
    result.companyIds.push(company.id);
    names.push(name);
    domains.push(facts.domain);
    if (original) result.nearDuplicates.push({ originalId: original.id, duplicateId: company.id });
    else originals.push({ ...facts, id: company.id });
  }

  const emails = new Set<string>();
  for (let j = 0; j < contacts; j++) {
    const createdAt = SEED_BASE_MS + (companies + j) * 1000;
    const at = createdAt + int(0, 7200) * 1000;
    const index = companies > 0 && chance(0.97) ? int(0, companies - 1) : undefined;
    const companyId = index === undefined ? undefined : result.companyIds[index];
    const first = pick(V.firstNames);
    const last = pick(V.lastNames);
    const domain = (index === undefined ? undefined : domains[index]) ?? pick(V.freeMailDomains);
    const properties: Record<string, string | null> = {
      firstname: chance(0.04) ? ` ${first} ` : first,
      lastname: chance(0.04) ? `${last}  ` : last,
      email: chance(0.03) ? null : messyEmail(uniqueEmail(first, last, domain)),
      phone: chance(0.4) ? null : formatPhone(phoneDigits(pick(V.cities))),
      jobtitle: chance(0.1) ? null : pick(V.jobTitles),
      company: index === undefined ? null : (names[index] ?? null),
    };
    const contact = store.create('contacts', properties, { createdAt, at });
    result.contactIds.push(contact.id);
    if (companyId) store.associate('contacts', contact.id, 'companies', companyId, { touch: false });
  }
  const startMs = SEED_BASE_MS + (companies + contacts) * 1000;
  Object.assign(result, seedSales(store, { companyIds: result.companyIds, deals, tickets, seed, startMs }));
  return result;

  function freshCompany(k: number): CompanyFacts {
    const combos = V.companyFirst.length * V.companySecond.length;
    // 7919 is prime, so this is a bijection within each block: names do not sort like ids.
    const slot = ((k % combos) * 7919) % combos;
    const block = Math.floor(k / combos);
    const words: string[] = [
      V.companyFirst[slot % V.companyFirst.length]!,
      V.companySecond[Math.floor(slot / V.companyFirst.length)]!,
    ];
    if (block > 0) {
      const third = V.companyThird[(block - 1) % V.companyThird.length]!;
      words.unshift(block > V.companyThird.length ? `${third} ${block}` : third);
    }
    const city = pick(V.cities);
    const root = words
      .join(chance(0.5) ? '-' : '')
      .toLowerCase()
      .replace(/\s+/g, '');
    return {
      id: '',
      words,
      legal: pick(V.legalForms),
      domain: `${root}.${pick(['com', 'com', 'com', 'net', 'io', 'co', 'us'])}`,
      city,
      phone: phoneDigits(city),
      streetNo: int(1, 9999),
      street: pick(V.streets),
      streetType: pick(V.streetTypes),
    };
  }

  function duplicateName(facts: CompanyFacts): string {
    const [head = '', ...rest] = facts.words;
    const variants = [
      `${head.toUpperCase()} ${rest.join(' ')}, ${facts.legal.replace(/\.$/, '')}.`,
      `${facts.words.join(' ')} ${facts.legal === 'Inc' ? 'Incorporated' : 'Inc'}`,
      facts.words.join(' '),
      `${facts.words.join('  ')} ${facts.legal}`.toLowerCase(),
      ` ${facts.words.join(' ')} ${facts.legal} `,
    ];
    return pick(variants);
  }

  function duplicateDomain(domain: string): string {
    return pick([domain, `www.${domain}`, domain.toUpperCase(), `${domain.replace(/\.[a-z]+$/, '')}.net`]);
  }

  function messy(text: string): string {
    const roll = random();
    if (roll < 0.04) return ` ${text}`;
    if (roll < 0.08) return `${text} `;
    if (roll < 0.11) return text.replace(' ', '  ');
    return text;
  }

  function messyDomain(domain: string): string {
    const roll = random();
    const capitalised = domain.replace(/(^|[-.])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
    if (roll < 0.05) return `WWW.${capitalised.replace(/\.([A-Za-z]+)$/, (_, tld: string) => `.${tld.toUpperCase()}`)}`;
    if (roll < 0.12) return `www.${domain}`;
    if (roll < 0.14) return `https://www.${domain}/`;
    return domain;
  }

  function messyEmail(email: string): string {
    const roll = random();
    if (roll < 0.05) return email.replace(/(^|[.@])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
    if (roll < 0.07) return ` ${email} `;
    return email;
  }

  function uniqueEmail(first: string, last: string, domain: string): string {
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    let email = `${local}@${domain}`;
    for (let n = 2; emails.has(email); n++) email = `${local}${n}@${domain}`;
    emails.add(email);
    return email;
  }

  function phoneDigits(city: SeedCity): string {
    let exchange = int(200, 999);
    if (exchange % 100 === 11) exchange++;
    return `${city.areaCode}${exchange}${String(int(0, 9999)).padStart(4, '0')}`;
  }

  function formatPhone(d: string): string {
    const [a, b, c] = [d.slice(0, 3), d.slice(3, 6), d.slice(6)];
    return pick([
      `(${a}) ${b}-${c}`,
      `${a}.${b}.${c}`,
      `+1 ${a} ${b} ${c}`,
      d,
      `${a}-${b}-${c} x${int(2, 999)}`,
      `${a}-${b}-${c}`,
      `+1${d}`,
    ]);
  }

  function zipFor(city: SeedCity): string {
    const zip = `${city.zipPrefix}${String(int(0, 99)).padStart(2, '0')}`;
    if (zip.startsWith('0') && chance(0.5)) return zip.slice(1); // what a spreadsheet does to it
    return chance(0.1) ? `${zip}-${String(int(0, 9999)).padStart(4, '0')}` : zip;
  }

  function taxId(k: number): string {
    const serial = String(1_000_000 + ((k * 7919) % 9_000_000));
    const prefix = String(int(10, 98));
    return chance(0.15) ? `${prefix}${serial}` : `${prefix}-${serial}`;
  }
}
