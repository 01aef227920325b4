import type { UpsertItem, UpsertResult } from '../../../src/connectors';
import { IntegrationError, NotFoundError, toIntegrationError, ValidationError } from '../../../src/errors';
import type { CrmHttp } from './crm-http';
import { type ApiObject, BatchResponse, parseResponse, toConnectorRecord } from './crm-responses';
import { fieldErrorsOf, type HubSpotErrorEntry, stringsOf } from './hubspot-error-body';

const BATCH_MAX = 100;

/**
 * Writes items with `batch/update` (those with an id) and `batch/create` (the others) and
 * returns one result per item, in item order. Each input carries `objectWriteTraceId` = its
 * position in the call, so results and per-input errors map back to items whatever order
 * the API answers in. A call that fails as a whole gives every item of it that error
 * (an ambiguous `TransportError` for a write that may have been applied).
 *
 * @example
 * const results = await upsertItems(http, 'companies', [{ key: 'erp-1', fields: { name: 'Acme' } }], 100);
 */
export async function upsertItems(
  http: CrmHttp,
  objectType: string,
  items: readonly UpsertItem[],
  batchSize: number = BATCH_MAX,
): Promise<UpsertResult[]> {
  const size = Math.min(batchSize, BATCH_MAX);
  const results = new Array<UpsertResult | undefined>(items.length);
  const creates: number[] = [];
  // HubSpot refuses a batch naming one id twice: later updates of an id go in later rounds.
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    if (item.id === undefined || item.id === '') {
      creates.push(index);
      return;
    }
    const round = seen.get(item.id) ?? 0;
    seen.set(item.id, round + 1);
    const bucket = rounds[round] ?? [];
    bucket.push(index);
    rounds[round] = bucket;
  });
  for (const chunk of chunks(creates, size)) await writeChunk(http, objectType, 'create', items, chunk, results);
  for (const round of rounds) {
    for (const chunk of chunks(round, size)) await writeChunk(http, objectType, 'update', items, chunk, results);
  }
  return results.map(
    (result, index) =>
      result ?? {
        key: items[index]!.key,
        ok: false,
        error: new IntegrationError('internal', `no outcome recorded for item ${items[index]!.key}`),
      },
  );
}

async function writeChunk(
  http: CrmHttp,
  objectType: string,
  kind: 'create' | 'update',
  items: readonly UpsertItem[],
  indexes: number[],
  results: Array<UpsertResult | undefined>,
): Promise<void> {
  const path = `/crm/v3/objects/${objectType}/batch/${kind}`;
  const operation = `POST ${path}`;
  const inputs = indexes.map((index, position) => ({
    ...(kind === 'update' ? { id: items[index]!.id } : {}),
    properties: toProperties(items[index]!.fields),
    objectWriteTraceId: String(position),
  }));
  const failAll = (error: IntegrationError) => {
    for (const index of indexes) results[index] = { key: items[index]!.key, ok: false, error };
  };
  let body: ReturnType<typeof BatchResponse.parse>;
  try {
    const response = await http.request({ method: 'POST', path, body: { inputs }, read: false, allowStatuses: [400] });
    body = parseResponse(BatchResponse, response.data ?? {}, operation);
    // A 400 without per-input errors is about the call itself (too many inputs, bad JSON).
    if (response.status === 400 && !body.errors.some((error) => positionOf(error) !== undefined)) {
      failAll(http.toError(response, operation));
      return;
    }
  } catch (error) {
    failAll(toIntegrationError(error));
    return;
  }

  const written = new Map<number, ApiObject>();
  const byId = new Map(indexes.map((index, position) => [items[index]!.id, position]));
  for (const object of body.results) {
    const position = object.objectWriteTraceId !== undefined ? Number(object.objectWriteTraceId) : byId.get(object.id);
    if (position !== undefined) written.set(position, object);
  }
  const failed = new Map<number, HubSpotErrorEntry[]>();
  const unplaced: HubSpotErrorEntry[] = [];
  for (const error of body.errors) {
    const position = positionOf(error);
    if (position === undefined) unplaced.push(error);
    else failed.set(position, [...(failed.get(position) ?? []), error]);
  }
  indexes.forEach((index, position) => {
    const item = items[index]!;
    const object = written.get(position);
    const errors = failed.get(position) ?? (object ? undefined : unplaced.length > 0 ? unplaced : undefined);
    if (object && !failed.has(position)) {
      results[index] = {
        key: item.key,
        ok: true,
        action: kind === 'create' ? 'created' : 'updated',
        record: toConnectorRecord(object),
      };
    } else if (errors) {
      results[index] = { key: item.key, ok: false, error: itemError(errors, operation, item.key) };
    } else {
      results[index] = {
        key: item.key,
        ok: false,
        error: new IntegrationError('unexpected_response', `${operation}: no result and no error for item ${item.key}`),
      };
    }
  });
}

/** The input position an error names: our trace id first, the mock's `inputIndex` second. */
function positionOf(error: HubSpotErrorEntry): number | undefined {
  const raw = stringsOf(error.context?.objectWriteTraceId)[0] ?? stringsOf(error.context?.inputIndex)[0];
  const position = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(position) ? position : undefined;
}

function itemError(errors: HubSpotErrorEntry[], operation: string, key: string): IntegrationError {
  const first = errors[0]!;
  const message = `${operation}: item ${key}: ${first.message}`;
  const details = {
    operation,
    ...(first.context?.existingId ? { existingId: stringsOf(first.context.existingId)[0] } : {}),
  };
  if (first.category === 'OBJECT_NOT_FOUND') return new NotFoundError(message, { details });
  // A duplicate unique value (409 CONFLICT) is a field problem of this item, not a stale etag.
  const status = first.category === 'CONFLICT' ? 409 : 400;
  return new ValidationError(message, fieldErrorsOf(errors), { status, details });
}

/** HubSpot takes strings; null clears a property (sent as ''), arrays are `;`-joined. */
function toProperties(fields: Record<string, unknown>): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === null) properties[name] = '';
    else if (value instanceof Date) properties[name] = value.toISOString();
    else if (Array.isArray(value)) properties[name] = value.join(';');
    else if (typeof value === 'object') properties[name] = JSON.stringify(value);
    else properties[name] = String(value);
  }
  return properties;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += size) result.push(list.slice(i, i + size));
  return result;
}
