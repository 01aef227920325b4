import { defineConnector } from '../../src/connectors';
import { createCrmClient } from './client/create-crm-client';
import { MockCrmConfig } from './client/crm-config';
import { Company, Contact } from './client/crm-entities';
import { createCrmHttp } from './client/crm-http';
import { registerWebhooks } from './client/register-webhooks';

/**
 * The mock CRM connector: HubSpot CRM v3 companies and contacts. Points at the mock server
 * (`npm run mock:crm`) or, with a real token and base URL, at HubSpot itself.
 *
 * @example
 * registry.register(mockCrmConnector);
 */
export const mockCrmConnector = defineConnector({
  id: 'mock-crm',
  version: '0.1.0',
  entities: {
    company: {
      label: 'Company',
      schema: Company,
      searchKeys: ['domain', 'name', 'tax_id', 'phone'],
      readOnlyFields: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'],
    },
    contact: {
      label: 'Contact',
      schema: Contact,
      searchKeys: ['email'],
      readOnlyFields: ['hs_object_id', 'createdate', 'hs_lastmodifieddate'],
    },
  },
  capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys', 'describeSchema', 'webhooks'],
  configSchema: MockCrmConfig,
  methods: (config, context) => ({
    ...createCrmClient(config, context),
    registerWebhooks: async (input) => {
      // A client of its own: registration runs once at start and must not share a rate budget.
      const http = createCrmHttp(config);
      try {
        await registerWebhooks(http, config.webhookAppId, input);
      } finally {
        http.close();
      }
    },
  }),
});
