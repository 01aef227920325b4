import type { ConnectorRecord, UpsertItem, UpsertResult } from '../connectors';
import { requireCapability } from '../connectors';
import { IntegrationError, toIntegrationError } from '../errors';
import type { FlowRuntime } from './flow-runtime';

// Lookups in flight at once: enough to hide latency, few enough to stay inside a rate budget.
const LOOKUP_CONCURRENCY = 8;

/**
 * Before creates that may already have happened (the job is a retry, a redelivery after a
 * crash, or a DLQ replay), looks each one up in the target by its external reference, which
 * the mapping fills with the source id. A found record turns the create into an update of it,
 * so a lost answer never becomes a second record. Returns the items, updated in place, those
 * whose lookup failed (to retry with the job: sending them blind could duplicate), and the
 * target records found by item key (a create-once flow links them without writing again).
 *
 * @example
 * const { failed, found } = await lookUpCreates(flow, items);
 */
export async function lookUpCreates(
  flow: FlowRuntime,
  items: { item: UpsertItem; record: ConnectorRecord }[],
): Promise<{ failed: { record: ConnectorRecord; error: IntegrationError }[]; found: Map<string, ConnectorRecord> }> {
  const entity = flow.spec.target.entity;
  const refField = flow.target.definition.entities[entity]?.externalRefField;
  const search = flow.target.methods.searchByKeys;
  const creates = items.filter((w) => w.item.id === undefined);
  const found = new Map<string, ConnectorRecord>();
  if (!refField || !search || creates.length === 0) return { failed: [], found };
  const failed: { record: ConnectorRecord; error: IntegrationError }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < creates.length) {
      const write = creates[next++]!;
      try {
        const match = (await search.call(flow.target.methods, entity, { [refField]: write.record.id })).find(
          (r) => r.fields[refField] === write.record.id,
        );
        if (match) {
          write.item.id = match.id;
          found.set(write.item.key, match);
        }
      } catch (error) {
        failed.push({ record: write.record, error: toIntegrationError(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, creates.length) }, worker));
  return { failed, found };
}

/**
 * Whether a flow looks every create up by external reference, not only on retries: the flow's
 * `lookupBeforeCreate`, on by default for `create-once` flows (an accepted quote must become
 * exactly one order, even when a replay or a second webhook brings it again).
 *
 * @example
 * if (job.attempt > 1 || looksUpEveryCreate(flow)) await lookUpCreates(flow, writes);
 */
export function looksUpEveryCreate(flow: Pick<FlowRuntime, 'spec'>): boolean {
  return flow.spec.lookupBeforeCreate ?? flow.spec.write === 'create-once';
}

/**
 * Re-applies updates refused as stale (409/412) once: re-reads the target records for a fresh
 * etag and writes again. A second refusal is final (someone keeps editing the record; an admin
 * must look). Results of other items pass through unchanged.
 *
 * @example
 * results = await reapplyStale(flow, items, results);
 */
export async function reapplyStale(
  flow: FlowRuntime,
  items: readonly UpsertItem[],
  results: UpsertResult[],
): Promise<UpsertResult[]> {
  const stale = results.filter((r) => !r.ok && r.error.code === 'stale_etag');
  if (stale.length === 0) return results;
  const entity = flow.spec.target.entity;
  const byKey = new Map(items.map((i) => [i.key, i]));
  const retry = stale.map((r) => byKey.get(r.key)).filter((i): i is UpsertItem => i?.id !== undefined);
  let fresh = new Map<string, ConnectorRecord>();
  const read = flow.target.methods.readByIds;
  try {
    if (read)
      fresh = new Map(
        (
          await read.call(
            flow.target.methods,
            entity,
            retry.map((i) => i.id!),
          )
        ).map((r) => [r.id, r]),
      );
  } catch {
    // Without fresh etags the unconditional retry below still re-applies; the refusal stays if it fails.
  }
  const again = retry.map(({ etag: _old, ...item }) => {
    const etag = fresh.get(item.id!)?.etag;
    return etag ? { ...item, etag } : item;
  });
  const upsert = requireCapability(flow.target, 'upsertBatch');
  const second = new Map((await upsert(entity, again)).map((r) => [r.key, r]));
  return results.map((r) => {
    const redo = second.get(r.key);
    if (!redo || r.ok) return r;
    if (redo.ok) return redo;
    return {
      key: r.key,
      ok: false as const,
      error: new IntegrationError(
        redo.error.code,
        `re-applied once after a stale etag, refused again: ${redo.error.message}`,
        {
          ...(redo.error.status === undefined ? {} : { status: redo.error.status }),
          retryable: redo.error.retryable && redo.error.code !== 'stale_etag',
          details: redo.error.details,
        },
      ),
    };
  });
}
