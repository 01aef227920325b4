import { requireCapability } from '../connectors';
import type { JobQueue } from '../queue/job-queue';
import type { StateStore } from '../store';
import { retryOptionsFor } from './flow-retry';
import type { FlowRuntime } from './flow-runtime';
import type { ReadPagePayload } from './job-catalog';

/**
 * Handles one `read-page` job: reads one page of changes from the source, enqueues its
 * `sync-page` job and then the next `read-page`, or, on the last page, saves the cursor and
 * marks reading done. Reading is a chain of jobs so that it is retried and survives a crash
 * like any other work. Job ids derive from run and page, so a redelivered read enqueues nothing twice.
 *
 * @example
 * await readPage(payload, flow, store, queue, 100);
 */
export async function readPage(
  payload: ReadPagePayload,
  flow: FlowRuntime,
  store: StateStore,
  queue: JobQueue,
  pageSize: number,
): Promise<{ records: number }> {
  const list = requireCapability(flow.source, 'listChanges');
  const page = await list({
    entity: flow.spec.source.entity,
    since: payload.since,
    limit: pageSize,
    ...(payload.pageToken ? { pageToken: payload.pageToken } : {}),
  });
  let maxSeen = payload.maxSeen;
  for (const record of page.records) {
    if (maxSeen === null || Date.parse(record.updatedAt) > Date.parse(maxSeen)) maxSeen = record.updatedAt;
  }
  const { runId } = payload;
  const jobs: Parameters<JobQueue['enqueueMany']>[0][number][] = [];
  if (page.records.length) {
    jobs.push({
      name: 'sync-page',
      payload: { runId, flow: flow.name, records: page.records },
      options: { jobId: `${runId}/sync/${payload.page}`, ...retryOptionsFor(flow, 'sync-page') },
    });
  }
  if (page.nextPageToken) {
    const next: ReadPagePayload = {
      ...payload,
      pageToken: page.nextPageToken,
      page: payload.page + 1,
      maxSeen,
      syncPages: payload.syncPages + (page.records.length ? 1 : 0),
      read: payload.read + page.records.length,
    };
    jobs.push({
      name: 'read-page',
      payload: next,
      options: { jobId: `${runId}/read/${payload.page + 1}`, ...retryOptionsFor(flow, 'read-page') },
    });
  }
  const added = jobs.length ? await queue.enqueueMany(jobs) : [];
  if (page.records.length && added[0]?.added) await store.addRunPages(runId, 1, page.records.length);
  if (!page.nextPageToken) {
    const cursor = nextCursor(payload.since, maxSeen, payload.readStartedAt);
    if (cursor !== payload.since) await store.setCursor(flow.name, cursor!);
    await store.finishReading(runId, {
      pagesTotal: payload.syncPages + (page.records.length ? 1 : 0),
      read: payload.read + page.records.length,
    });
  }
  return { records: page.records.length };
}

/** Margin for clock skew between us and the source, and for writes committed while we read. */
export const CURSOR_SAFETY_MS = 5_000;

/**
 * The cursor to save after a read: the greatest `updatedAt` seen, but never later than the
 * read's start minus {@link CURSOR_SAFETY_MS}, and never earlier than the previous cursor.
 * Records re-read because of the margin are recognised as unchanged by fingerprint.
 *
 * @example
 * nextCursor(null, '2026-01-01T00:10:00.000Z', Date.parse('2026-01-01T00:05:00Z')) // '2026-01-01T00:04:55.000Z'
 */
export function nextCursor(since: string | null, maxSeen: string | null, readStartedAt: number): string | null {
  if (maxSeen === null) return since;
  const capped = Math.min(Date.parse(maxSeen), readStartedAt - CURSOR_SAFETY_MS);
  if (since !== null && capped <= Date.parse(since)) return since;
  return new Date(capped).toISOString();
}
