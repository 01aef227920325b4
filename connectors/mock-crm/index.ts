import { defineConnector } from '../../src/connectors';
import { createCrmClient } from './client/create-crm-client';
import { MockCrmConfig } from './client/crm-config';
import { Company, Contact } from './client/crm-entities';
import { Deal, LineItem, Product, Quote, Ticket } from './client/lead-to-cash-entities';

const SYSTEM_FIELDS = ['hs_object_id', 'createdate', 'hs_lastmodifieddate'] as const;

/**
 * The mock CRM connector: HubSpot CRM v3 companies, contacts and the lead-to-cash objects
 * (products, deals, quotes with their line items inlined, line items, tickets). Points at the
 * mock server (`npm run mock:crm`) or, with a real token and base URL, at HubSpot itself.
 * `erp_*` properties are not read-only here: people cannot edit them, the bridge's token can.
 *
 * @example
 * registry.register(mockCrmConnector);
 */
export const mockCrmConnector = defineConnector({
  id: 'mock-crm',
  version: '0.2.0',
  entities: {
    company: {
      label: 'Company',
      schema: Company,
      searchKeys: ['domain', 'name', 'tax_id', 'phone'],
      readOnlyFields: [...SYSTEM_FIELDS, 'hs_merged_object_ids'],
    },
    contact: {
      label: 'Contact',
      schema: Contact,
      searchKeys: ['email'],
      readOnlyFields: SYSTEM_FIELDS,
    },
    product: {
      label: 'Product',
      schema: Product,
      searchKeys: ['hs_sku', 'erp_item_number', 'name'],
      readOnlyFields: SYSTEM_FIELDS,
    },
    deal: {
      label: 'Deal',
      schema: Deal,
      searchKeys: ['dealname', 'erp_order_number', 'erp_contract_number'],
      readOnlyFields: SYSTEM_FIELDS,
    },
    quote: {
      label: 'Quote',
      schema: Quote,
      searchKeys: ['hs_title', 'erp_order_number'],
      // line_items is read through associations; writing it would be a property HubSpot does not have.
      readOnlyFields: [...SYSTEM_FIELDS, 'line_items'],
    },
    line_item: {
      label: 'Line item',
      schema: LineItem,
      searchKeys: ['hs_product_id'],
      readOnlyFields: SYSTEM_FIELDS,
    },
    ticket: {
      label: 'Ticket',
      schema: Ticket,
      searchKeys: ['subject'],
      readOnlyFields: SYSTEM_FIELDS,
    },
  },
  capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys', 'describeSchema', 'archive'],
  configSchema: MockCrmConfig,
  methods: (config, context) => createCrmClient(config, context),
});
