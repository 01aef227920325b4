import { defineConnector } from '../../src/connectors';
import { createTrytonClient } from './client/create-tryton-client';
import { TrytonConfig } from './client/tryton-config';
import { TrytonCustomer, TrytonInvoice, TrytonItem, TrytonProduct, TrytonSale } from './client/tryton-entities';

/**
 * The Tryton connector (tested on Tryton 6.0): parties as customers, product templates with
 * variants as items, variants as products (the ids sale lines take), sales with lines (created, quoted and confirmed, state read back) and
 * invoices (read-only), over JSON-RPC with a session and the user's context.
 *
 * @example
 * registry.register(trytonConnector);
 * registry.instantiate('erp', 'erp', 'tryton', { url: 'http://127.0.0.1:8000', database: 'erp', username: 'admin', password }, context);
 */
export const trytonConnector = defineConnector({
  id: 'tryton',
  version: '0.1.0',
  entities: {
    customer: {
      label: 'Customer',
      schema: TrytonCustomer,
      searchKeys: ['displayName', 'number', 'email', 'phoneNumber', 'website'],
      requiredFields: ['displayName'],
      readOnlyFields: ['number'],
    },
    item: {
      label: 'Item',
      schema: TrytonItem,
      searchKeys: ['name', 'code'],
      requiredFields: ['name'],
      readOnlyFields: ['variants'],
    },
    product: {
      label: 'Product',
      schema: TrytonProduct,
      searchKeys: ['name', 'code'],
      requiredFields: ['name'],
      readOnlyFields: ['templateId'],
    },
    sale: {
      label: 'Sale',
      schema: TrytonSale,
      searchKeys: ['reference', 'number'],
      externalRefField: 'reference',
      requiredFields: ['customerId', 'lines'],
      readOnlyFields: ['number', 'state', 'invoiceState', 'shipmentState', 'totalAmount'],
    },
    invoice: {
      label: 'Invoice',
      schema: TrytonInvoice,
      searchKeys: ['reference', 'number'],
      // Read-only in this connector: state and totals flow to the CRM, never back.
      readOnlyFields: ['number', 'reference', 'type', 'customerId', 'state', 'totalAmount', 'invoiceDate', 'saleIds'],
    },
  },
  capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys'],
  configSchema: TrytonConfig,
  methods: (config) => createTrytonClient(config),
});
