/** One HubSpot-defined association type between two object types. */
export interface AssociationType {
  category: 'HUBSPOT_DEFINED';
  typeId: number;
  /** v3 name shown in object `associations` (`contact_to_company`). */
  name: string;
  label: string | null;
}

type Default = AssociationType & { aliases: readonly number[] };

/** A pair of HubSpot-defined default types, one per direction (ids from HubSpot's table). */
function pair(from: string, to: string, forward: number, backward: number, aliases: [number[], number[]] = [[], []]) {
  const singular = (type: string) => type.replace(/ies$/, 'y').replace(/s$/, '');
  const make = (a: string, b: string, typeId: number, alias: number[]): [string, Default] => [
    `${a}->${b}`,
    { category: 'HUBSPOT_DEFINED', typeId, name: `${singular(a)}_to_${singular(b)}`, label: null, aliases: alias },
  ];
  return [make(from, to, forward, aliases[0]), make(to, from, backward, aliases[1])];
}

/**
 * Default association types by direction. HubSpot also defines "Primary" ones (contact to
 * company 1, deal to company 5, ticket to company 26, ...); the mock accepts those ids on
 * input and stores one default link.
 */
const DEFAULTS: Record<string, Default> = {
  ...Object.fromEntries([
    ...pair('deals', 'companies', 341, 342, [[5], [6]]),
    ...pair('tickets', 'companies', 339, 340, [[26], [25]]),
    ...pair('line_items', 'deals', 20, 19),
    ...pair('quotes', 'deals', 64, 63),
    ...pair('quotes', 'line_items', 67, 68),
    ...pair('quotes', 'companies', 71, 72),
  ]),
  'contacts->companies': {
    category: 'HUBSPOT_DEFINED',
    typeId: 279,
    name: 'contact_to_company',
    label: null,
    aliases: [1],
  },
  'companies->contacts': {
    category: 'HUBSPOT_DEFINED',
    typeId: 280,
    name: 'company_to_contact',
    label: null,
    aliases: [2],
  },
};

/**
 * The default association type from one object type to another, or undefined when the mock
 * does not associate those types.
 *
 * @example
 * associationTypeOf('contacts', 'companies')?.typeId // 279
 */
export function associationTypeOf(fromType: string, toType: string): AssociationType | undefined {
  const found = DEFAULTS[`${fromType}->${toType}`];
  if (!found) return undefined;
  const { aliases: _aliases, ...type } = found;
  return type;
}

/**
 * The target object type of an association type id used from `fromType` (batch create
 * inputs name only the type id, not the target type).
 *
 * @example
 * targetTypeOfAssociation('contacts', 279) // 'companies'
 */
export function targetTypeOfAssociation(fromType: string, typeId: number): string | undefined {
  for (const [key, type] of Object.entries(DEFAULTS)) {
    const [from, to] = key.split('->') as [string, string];
    if (from === fromType && (type.typeId === typeId || type.aliases.includes(typeId))) return to;
  }
  return undefined;
}
