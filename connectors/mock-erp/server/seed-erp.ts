import { ENTITY_SETS } from './erp-entities';
import type { ErpStore } from './erp-store';
import { seedItems } from './seed-items';
import { SeededRandom } from './seeded-random';
import { validateWrite } from './validate-write';

/** Options of {@link seedErp}. */
export interface SeedErpOptions {
  /** Customers to create. Default 0: the bridge creates them. */
  customers?: number;
  /** Person contacts per customer, linked through `customerId`. Default 0. */
  contactsPerCustomer?: number;
  /** PRNG seed for the generated values. Default 1. */
  seed?: number;
  /** Items (`1000`, `1001`, ...) created after customers and contacts, see seedItems. Default 50. */
  items?: number;
}

/** Ids of the seeded records, in creation order. */
export interface SeedErpResult {
  customers: string[];
  contacts: string[];
  items: string[];
}

const NAME_PARTS = [
  'Adatum',
  'Contoso',
  'Fabrikam',
  'Litware',
  'Northwind',
  'Proseware',
  'Tailspin',
  'Wingtip',
  'Alpine',
  'Coho',
];
const NAME_KINDS = [
  'Corporation',
  'Traders',
  'Supplies',
  'Logistics',
  'Foods',
  'Manufacturing',
  'Consulting',
  'Systems',
];
const SUFFIXES = ['Inc.', 'LLC', 'Ltd', 'Co.', ''];
const CITIES: readonly [string, string, string][] = [
  ['Atlanta', 'GA', '30301'],
  ['Chicago', 'IL', '60601'],
  ['Miami', 'FL', '33101'],
  ['Seattle', 'WA', '98101'],
  ['Denver', 'CO', '80201'],
  ['Boston', 'MA', '02108'],
];
const FIRST = ['Anna', 'Ben', 'Carla', 'David', 'Eva', 'Frank', 'Grace', 'Hugo', 'Ines', 'Jon'];
const LAST = ['Smith', 'Garcia', 'Miller', 'Chen', 'Novak', 'Okafor', 'Rossi', 'Berg', 'Khan', 'Silva'];
const TITLES = ['Purchasing Manager', 'CFO', 'Accountant', 'Owner', 'Buyer', ''];

/**
 * Fills a store with deterministic customers (and optionally their contacts), including the
 * dirty data real ERPs hold: missing e-mails, odd casing, phone formats, and near-duplicates
 * (about one customer in ten repeats an earlier name with another suffix). Every record passes
 * the same validation as an API write.
 *
 * @example
 * const { customers } = seedErp(store, { customers: 500, seed: 42 });
 */
export function seedErp(store: ErpStore, options: SeedErpOptions = {}): SeedErpResult {
  const random = new SeededRandom(options.seed ?? 1);
  const result: SeedErpResult = { customers: [], contacts: [], items: [] };
  const names: string[] = [];
  for (let i = 0; i < (options.customers ?? 0); i++) {
    const base =
      names.length > 0 && random.next() < 0.1
        ? random.pick(names)
        : `${random.pick(NAME_PARTS)} ${random.pick(NAME_KINDS)} ${i + 1}`;
    names.push(base);
    const displayName = `${random.next() < 0.1 ? base.toUpperCase() : base} ${random.pick(SUFFIXES)}`.trim();
    const [city, state, postalCode] = random.pick(CITIES);
    const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '');
    const customer = create(store, 'customers', {
      displayName,
      type: 'Company',
      addressLine1: `${100 + random.int(9000)} ${random.pick(['Main St', 'Oak Ave', 'Market Street', 'Pine Rd.'])}`,
      city,
      state,
      country: 'US',
      postalCode,
      phoneNumber: phone(random),
      email: random.next() < 0.15 ? '' : `info@${slug}.example`,
      website: random.next() < 0.3 ? '' : `www.${slug}.example`,
      taxRegistrationNumber: random.next() < 0.4 ? '' : `US${String(random.int(1e9)).padStart(9, '0')}`,
      creditLimit: random.pick([0, 5000, 10000, 25000]),
    });
    result.customers.push(customer);
    for (let c = 0; c < (options.contactsPerCustomer ?? 0); c++) {
      const first = random.pick(FIRST);
      const last = random.pick(LAST);
      result.contacts.push(
        create(store, 'contacts', {
          type: 'Person',
          displayName: `${first} ${last}`,
          companyName: displayName,
          businessTitle: random.pick(TITLES),
          city,
          state,
          country: 'US',
          postalCode,
          phoneNumber: random.next() < 0.5 ? '' : phone(random),
          email: random.next() < 0.2 ? '' : `${first}.${last}@${slug}.example`.toLowerCase(),
          customerId: customer,
        }),
      );
    }
  }
  // After customers and contacts, so their GUIDs, numbers and timestamps stay as before items existed.
  result.items = seedItems(store, options.items ?? 50);
  return result;
}

function create(store: ErpStore, set: 'customers' | 'contacts', body: Record<string, unknown>): string {
  const result = validateWrite(ENTITY_SETS[set], body, 'create', store.exists.bind(store));
  if (!result.ok) throw new Error(`seedErp produced an invalid ${set} record: ${result.issues[0]?.message}`);
  return store.create(set, result.values).data.id as string;
}

function phone(random: SeededRandom): string {
  const area = 200 + random.int(800);
  const line = String(random.int(10_000)).padStart(4, '0');
  return random.pick([`(${area}) 555-${line}`, `${area}-555-${line}`, `+1 ${area} 555 ${line}`, `${area}555${line}`]);
}
