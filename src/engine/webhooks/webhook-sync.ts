import { type ConnectorRecord, requireCapability } from '../../connectors';
import type { JobQueue } from '../../queue/job-queue';
import type { StateStore } from '../../store';
import { retryOptionsFor } from '../flow-retry';
import type { FlowRuntime } from '../flow-runtime';
import type { WebhookSyncPayload } from '../job-catalog';

/**
 * Handles one `webhook-sync` job: reads the object the event named, and enqueues it as the one
 * page of a run triggered by `webhook`, so it is synced exactly like a polled page (mapping,
 * fingerprints, dedupe, DLQ). A deleted object cannot be read any more: it is synced as an
 * archived record carrying only its id, which is all the flow's `archive:` rule needs. An
 * object that vanished otherwise is left to the next poll.
 *
 * @example
 * await webhookSync(payload, flow, store, queue);
 */
export async function webhookSync(
  payload: WebhookSyncPayload,
  flow: FlowRuntime,
  store: StateStore,
  queue: JobQueue,
): Promise<{ runId?: string; records: number }> {
  const read = requireCapability(flow.source, 'readByIds');
  let records: ConnectorRecord[] = await read(flow.spec.source.entity, [payload.objectId]);
  if (!records.length && payload.event === 'deletion') {
    const updatedAt = new Date(payload.occurredAt).toISOString();
    records = [{ id: payload.objectId, updatedAt, fields: {}, archived: true }];
  }
  if (!records.length) return { records: 0 };
  const run = await store.startRun(flow.name, 'webhook');
  const { added } = await queue.enqueue(
    'sync-page',
    { runId: run.id, flow: flow.name, records },
    { jobId: `${run.id}/sync/0`, ...retryOptionsFor(flow, 'sync-page') },
  );
  if (added) await store.addRunPages(run.id, 1, records.length);
  await store.finishReading(run.id, { pagesTotal: 1, read: records.length });
  return { runId: run.id, records: records.length };
}
