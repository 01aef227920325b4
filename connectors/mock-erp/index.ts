import { defineConnector } from '../../src/connectors';
import { createErpClient } from './client/create-erp-client';
import { ErpConnectorConfig } from './client/erp-config';
import { Contact, Customer, ERP_ENTITIES, type ErpEntityName } from './client/erp-entities';

const LABELS: Record<ErpEntityName, string> = {
  customer: 'Customer',
  contact: 'Contact',
  item: 'Item',
  salesQuote: 'Sales quote',
  salesOrder: 'Sales order',
  salesOrderLine: 'Sales order line',
  salesInvoice: 'Sales invoice',
  customerPayment: 'Customer payment',
  billingContract: 'Billing contract',
};
// The external reference (the CRM id) each entity stores, for the lookup before every create.
const EXTERNAL_REF: Partial<Record<ErpEntityName, string>> = {
  customer: 'externalId',
  contact: 'externalId',
  salesOrder: 'externalDocumentNumber',
  billingContract: 'externalDocumentNumber',
};

/** The connector entity definition of one ERP entity, from ERP_ENTITIES. */
function entityDefinition(name: ErpEntityName) {
  const def = ERP_ENTITIES[name];
  const ref = EXTERNAL_REF[name];
  return {
    label: LABELS[name],
    schema: def.schema,
    searchKeys: def.searchKeys,
    requiredFields: def.requiredFields,
    readOnlyFields: def.readOnlyFields,
    ...(ref ? { externalRefField: ref } : {}),
  };
}

/**
 * The mock-erp connector: Microsoft Dynamics 365 Business Central API v2.0 (customers,
 * contacts, items, sales quotes/orders/invoices, customer payments, billing contracts), served
 * in development by `connectors/mock-erp/server`.
 *
 * @example
 * registry.register(mockErpConnector);
 * registry.instantiate('erp', 'erp', 'mock-erp', { baseUrl: 'http://127.0.0.1:4020', token }, context);
 */
export const mockErpConnector = defineConnector({
  id: 'mock-erp',
  version: '0.2.0',
  entities: {
    customer: { ...entityDefinition('customer'), schema: Customer },
    contact: { ...entityDefinition('contact'), schema: Contact },
    item: entityDefinition('item'),
    salesQuote: entityDefinition('salesQuote'),
    salesOrder: entityDefinition('salesOrder'),
    salesOrderLine: entityDefinition('salesOrderLine'),
    salesInvoice: entityDefinition('salesInvoice'),
    customerPayment: entityDefinition('customerPayment'),
    billingContract: entityDefinition('billingContract'),
  },
  capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys', 'describeSchema'],
  configSchema: ErpConnectorConfig,
  methods: (config, context) => createErpClient(config, context),
});
