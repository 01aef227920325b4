import type { z } from 'zod';
import { IntegrationError } from '../../../src/errors';
import { Company, Contact } from './crm-entities';
import { Deal, LineItem, Product, Quote, Ticket } from './lead-to-cash-entities';

/** How one connector entity maps onto a HubSpot object type. */
export interface CrmEntityType {
  /** HubSpot object type in URLs. */
  objectType: string;
  schema: z.ZodObject;
  /** Properties requested on every read: the schema's fields that are HubSpot properties. */
  properties: string[];
  /** Associations returned with each record: entity name -> HubSpot object type. */
  associations: Record<string, string>;
}

const entityType = (
  objectType: string,
  schema: z.ZodObject,
  associations: Record<string, string> = {},
): CrmEntityType => ({
  objectType,
  schema,
  // `line_items` of a quote is inlined by the connector, not a property to ask HubSpot for.
  properties: Object.keys(schema.shape).filter((name) => !(objectType === 'quotes' && name === 'line_items')),
  associations,
});

const ENTITY_TYPES: Record<string, CrmEntityType> = {
  company: entityType('companies', Company),
  contact: entityType('contacts', Contact, { company: 'companies' }),
  product: entityType('products', Product),
  deal: entityType('deals', Deal, { company: 'companies' }),
  quote: entityType('quotes', Quote, { deal: 'deals', company: 'companies', line_item: 'line_items' }),
  line_item: entityType('line_items', LineItem, { deal: 'deals', quote: 'quotes' }),
  ticket: entityType('tickets', Ticket, { company: 'companies' }),
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
