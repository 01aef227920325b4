/** One HubSpot-defined association type between two object types. */
export interface AssociationType {
  category: 'HUBSPOT_DEFINED';
  typeId: number;
  /** v3 name shown in object `associations` (`contact_to_company`). */
  name: string;
  label: string | null;
}

/**
 * Default association types by direction. HubSpot also defines "Primary" (contact to company
 * 1, company to contact 2); the mock accepts those ids on input and stores one default link.
 */
const DEFAULTS: Record<string, AssociationType & { aliases: readonly number[] }> = {
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
