import { defineConnector } from '../../src/connectors';
import { createCsvClient } from './client/create-csv-client';
import { CsvConnectorConfig } from './client/csv-config';
import { CsvCompany, CsvContact, SEARCH_KEYS } from './client/csv-entities';

/**
 * The CSV connector: a folder of exports (companies, contacts) read and written as files.
 * Field names are the mock CRM's, so the shipped CRM flows can take a RevOps export as their
 * source; column renames cover exports with other headers. Rows that are wrong in the file
 * still arrive and fail validation with their file, line and column (see `CSV_ERROR_FIELD`).
 *
 * @example
 * registry.register(csvConnector);
 * registry.instantiate('crm', 'crm', 'csv', { dir: './exports' }, context);
 */
export const csvConnector = defineConnector({
  id: 'csv',
  version: '0.1.0',
  entities: {
    company: { label: 'Company', schema: CsvCompany, searchKeys: SEARCH_KEYS.company },
    contact: { label: 'Contact', schema: CsvContact, searchKeys: SEARCH_KEYS.contact },
  },
  capabilities: ['listChanges', 'readByIds', 'upsertBatch', 'searchByKeys'],
  configSchema: CsvConnectorConfig,
  methods: (config, context) => createCsvClient(config, context),
});
