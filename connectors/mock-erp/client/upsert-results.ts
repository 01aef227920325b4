import type { ConnectorRecord, UpsertResult } from '../../../src/connectors';
import type { IntegrationError } from '../../../src/errors';

/**
 * Unwraps one item of an `upsertBatch` answer in tests, failing loudly (with the item's error
 * message) when it is not the expected outcome.
 *
 * @example
 * const record = upsertResults.record(results[0]);
 * expect(upsertResults.error(results[1]).code).toBe('record_rejected');
 */
export const upsertResults = {
  record(result: UpsertResult | undefined): ConnectorRecord {
    if (!result?.ok) throw new Error(`expected ok, got ${result && !result.ok ? result.error.message : 'nothing'}`);
    return result.record;
  },
  error(result: UpsertResult | undefined): IntegrationError {
    if (!result || result.ok) throw new Error('expected a failed item');
    return result.error;
  },
};
