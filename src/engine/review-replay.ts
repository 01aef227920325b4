import type { JobQueue } from '../queue/job-queue';
import type { StateStore } from '../store';
import type { FlowRuntime } from './flow-runtime';
import { JOB_CATALOG } from './job-catalog';

/**
 * Hands review decisions taken since the last run back to the engine: the decided source
 * records are read again and synced as one extra page of the run (the sync-page hook then links,
 * creates or skips them as decided). Without this a parked record would wait until it next
 * changes in the source, since incremental reads only see changes.
 *
 * @example
 * const replay = await enqueueReviewDecisions(flow, store, queue, run.id);
 */
export async function enqueueReviewDecisions(
  flow: FlowRuntime,
  store: StateStore,
  queue: JobQueue,
  runId: string,
): Promise<{ pages: number; records: number }> {
  const none = { pages: 0, records: 0 };
  const items = (await store.matching?.undelivered(flow.name)) ?? [];
  const read = flow.source.methods.readByIds;
  if (!items.length || !read) return none;
  const records = await read(flow.spec.source.entity, [...new Set(items.map((i) => i.sourceId))]);
  const found = new Set(records.map((r) => r.id));
  // Deleted in the source since: nothing left to apply.
  const gone = items.filter((i) => !found.has(i.sourceId)).map((i) => i.id);
  if (gone.length) await store.matching?.markApplied(gone);
  if (!records.length) return none;
  const sync = JOB_CATALOG['sync-page'];
  const { added } = await queue.enqueue(
    'sync-page',
    { runId, flow: flow.name, records },
    { jobId: `${runId}/sync/reviewed`, attempts: sync.attempts, backoff: sync.backoff },
  );
  if (!added) return none;
  await store.addRunPages(runId, 1, records.length);
  return { pages: 1, records: records.length };
}
