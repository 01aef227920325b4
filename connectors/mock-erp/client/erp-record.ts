import type { ConnectorRecord } from '../../../src/connectors';
import { IntegrationError } from '../../../src/errors';
import { ERP_ENTITIES, type ErpEntityName } from './erp-entities';

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * Turns one BC JSON entity into a ConnectorRecord: `@odata.*` annotations dropped from the
 * fields (also inside expanded lines), `@odata.etag` kept as `etag`, and the customer of a
 * contact or document (`customerId`) exposed as an association.
 *
 * @example
 * const record = toConnectorRecord('customer', json); // { id, updatedAt, fields, etag }
 */
export function toConnectorRecord(entity: ErpEntityName, json: unknown): ConnectorRecord {
  if (typeof json !== 'object' || json === null) {
    throw new IntegrationError('unexpected_response', `the ERP returned a ${entity} that is not an object`);
  }
  const source = json as Record<string, unknown>;
  const { id, lastModifiedDateTime } = source;
  if (typeof id !== 'string' || typeof lastModifiedDateTime !== 'string') {
    throw new IntegrationError(
      'unexpected_response',
      `the ERP returned a ${entity} without id or lastModifiedDateTime`,
    );
  }
  const fields = withoutAnnotations(source);
  // Expanded navigation properties (an order's lines) arrive as arrays of annotated entities.
  for (const [name, value] of Object.entries(fields)) {
    if (Array.isArray(value)) fields[name] = value.map((row) => (isObject(row) ? withoutAnnotations(row) : row));
  }
  const record: ConnectorRecord = { id, updatedAt: lastModifiedDateTime, fields };
  const etag = source['@odata.etag'];
  if (typeof etag === 'string') record.etag = etag;
  const customerId = source.customerId;
  if (entity !== 'customer' && typeof customerId === 'string' && customerId !== '' && customerId !== EMPTY_GUID) {
    record.associations = { customer: [customerId] };
  }
  if (entity === 'salesOrderLine' && typeof source.documentId === 'string') {
    record.associations = { ...record.associations, salesOrder: [source.documentId] };
  }
  return record;
}

function withoutAnnotations(source: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(source)) if (!name.startsWith('@odata.')) fields[name] = value;
  return fields;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Prepares fields for a BC write: BC has no null for text, options or numbers, so a null
 * (a blank value from a mapping) becomes '' for text, the blank option ' ' where the option set
 * has one, stays null for nullable fields, and is left out otherwise.
 *
 * @example
 * toErpWriteFields('customer', { displayName: 'Adatum', email: null }) // { displayName: 'Adatum', email: '' }
 */
export function toErpWriteFields(entity: ErpEntityName, fields: Record<string, unknown>): Record<string, unknown> {
  const shape = ERP_ENTITIES[entity].schema.shape as Record<string, { def: { type: string }; options?: unknown[] }>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== null && value !== undefined) {
      out[name] = value;
      continue;
    }
    const type = shape[name]?.def.type;
    // An unknown field is sent as is, so the ERP's 400 names it.
    if (type === undefined || type === 'nullable') out[name] = null;
    else if (type === 'string') out[name] = '';
    else if (type === 'enum' && shape[name]?.options?.includes(' ')) out[name] = ' ';
  }
  return out;
}
