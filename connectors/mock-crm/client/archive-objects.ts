import type { UpsertResult } from '../../../src/connectors';
import { toIntegrationError } from '../../../src/errors';
import type { CrmHttp } from './crm-http';

const BATCH_MAX = 100;

/**
 * Archives objects with `POST /crm/v3/objects/{type}/batch/archive`, 100 ids per call, and
 * returns one result per id (`key` = id). HubSpot answers 204 without a body, for unknown and
 * already archived ids too, so a call that succeeds succeeds for each of its ids
 * (`action: 'updated'`, `record.archived = true`, `updatedAt` = when the call returned); a call
 * that fails gives each of its ids the error. Archiving twice changes nothing, so the call is
 * retried like a read.
 *
 * @example
 * const results = await archiveObjects(http, 'deals', ['1042', '1043']);
 */
export async function archiveObjects(
  http: CrmHttp,
  objectType: string,
  ids: readonly string[],
  batchSize: number = BATCH_MAX,
): Promise<UpsertResult[]> {
  const size = Math.min(batchSize, BATCH_MAX);
  const path = `/crm/v3/objects/${objectType}/batch/archive`;
  const results: UpsertResult[] = [];
  for (let i = 0; i < ids.length; i += size) {
    const chunk = ids.slice(i, i + size);
    try {
      await http.request({ method: 'POST', path, body: { inputs: chunk.map((id) => ({ id })) }, read: true });
      const updatedAt = new Date().toISOString();
      for (const id of chunk) {
        results.push({ key: id, ok: true, action: 'updated', record: { id, updatedAt, fields: {}, archived: true } });
      }
    } catch (error) {
      const failure = toIntegrationError(error);
      for (const id of chunk) results.push({ key: id, ok: false, error: failure });
    }
  }
  return results;
}
