import { defineConnector } from '../../src/connectors';
import { createErpClient } from './client/create-erp-client';
import { ErpConnectorConfig } from './client/erp-config';
import { Contact, Customer, ERP_ENTITIES } from './client/erp-entities';

/**
 * The mock-erp connector: Microsoft Dynamics 365 Business Central API v2.0 (customers and
 * contacts), served in development by `connectors/mock-erp/server`.
 *
 * @example
 * registry.register(mockErpConnector);
 * registry.instantiate('erp', 'erp', 'mock-erp', { baseUrl: 'http://127.0.0.1:4020', token }, context);
 */
export const mockErpConnector = defineConnector({
  id: 'mock-erp',
  version: '0.1.0',
  entities: {
    customer: {
      label: 'Customer',
      schema: Customer,
      searchKeys: ERP_ENTITIES.customer.searchKeys,
      requiredFields: ERP_ENTITIES.customer.requiredFields,
      readOnlyFields: ERP_ENTITIES.customer.readOnlyFields,
    },
    contact: {
      label: 'Contact',
      schema: Contact,
      searchKeys: ERP_ENTITIES.contact.searchKeys,
      requiredFields: ERP_ENTITIES.contact.requiredFields,
      readOnlyFields: ERP_ENTITIES.contact.readOnlyFields,
    },
  },
  capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys', 'describeSchema'],
  configSchema: ErpConnectorConfig,
  methods: (config, context) => createErpClient(config, context),
});
