import type { z } from 'zod';
import { IntegrationError } from '../../../src/errors';
import { Company, Contact } from './crm-entities';

/** How one connector entity maps onto a HubSpot object type. */
export interface CrmEntityType {
  /** HubSpot object type in URLs. */
  objectType: string;
  schema: z.ZodObject;
  /** Properties requested on every read: the schema's fields. */
  properties: string[];
  /** Associations returned with each record: entity name -> HubSpot object type. */
  associations: Record<string, string>;
}

const ENTITY_TYPES: Record<string, CrmEntityType> = {
  company: { objectType: 'companies', schema: Company, properties: Object.keys(Company.shape), associations: {} },
  contact: {
    objectType: 'contacts',
    schema: Contact,
    properties: Object.keys(Contact.shape),
    associations: { company: 'companies' },
  },
};

/**
 * The HubSpot object type behind an entity name; a config error for an unknown entity,
 * which means a mapping names an entity this connector does not declare.
 *
 * @example
 * crmEntityType('contact').objectType // 'contacts'
 */
export function crmEntityType(entity: string): CrmEntityType {
  const found = ENTITY_TYPES[entity];
  if (!found) {
    throw new IntegrationError(
      'config_invalid',
      `mock-crm has no entity "${entity}" (known: ${Object.keys(ENTITY_TYPES).join(', ')})`,
    );
  }
  return found;
}
