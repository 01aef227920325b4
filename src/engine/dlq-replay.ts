import type { ConnectorRecord } from '../connectors';
import type { DlqFilter, DlqItem, DlqRepository, StateStore } from '../store';
import type { FailureRecorder } from './failure-recorder';
import type { FlowRuntime } from './flow-runtime';
import { syncPage } from './sync-page';

/** Which DLQ items an operation applies to: explicit ids, or every open item matching a filter. */
export type DlqSelection = { ids: readonly string[] } | { filter: DlqFilter };

/**
 * `as-is`: the stored source record through the mapping it failed with (refused when the
 * mapping changed since: the result would not be "as is"); `remap`: through the current mapping,
 * after a RevOps fix.
 */
export type ReplayMode = 'as-is' | 'remap';

/** What a replay did, item by item. */
export interface ReplayReport {
  /** Items whose record is now synced (closed as `replayed`). */
  replayed: string[];
  /** Items that failed again (still open, with the new attempt appended). */
  failed: string[];
  skipped: { id: string; reason: string }[];
  /** Runs the replay recorded, one per flow. */
  runIds: string[];
}

/** What replays need: the engine's store, flows and failure reporting. */
export interface ReplayDeps {
  store: StateStore;
  dlq: DlqRepository;
  flows: readonly FlowRuntime[];
  failures: FailureRecorder;
}

const PAGE = 100;

/**
 * Selects open DLQ items by ids or filter, in pages, so a bulk operation sees every match.
 *
 * @example
 * const items = await selectDlqItems(dlq, { filter: { code: 'permission_denied' } });
 */
export async function selectDlqItems(dlq: DlqRepository, selection: DlqSelection): Promise<DlqItem[]> {
  const filter: DlqFilter = 'ids' in selection ? { ids: selection.ids, status: 'open' } : selection.filter;
  const items: DlqItem[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await dlq.list(filter, { limit: 500, offset });
    items.push(...page.items);
    if (page.items.length < 500) return items;
  }
}

/**
 * Replays dead-lettered records through the normal sync path, one `replay` run per flow, flows
 * in dependency order (a contact's customer first). Idempotent: every create is looked up by
 * external reference first and records already synced are recognised as unchanged, so a
 * replayed create that already happened becomes an update, never a duplicate. Items that
 * fail again stay open with the new attempt appended.
 *
 * @example
 * const report = await replayDlq(deps, { filter: { flow: 'contacts-to-contacts' } }, 'remap');
 */
export async function replayDlq(deps: ReplayDeps, selection: DlqSelection, mode: ReplayMode): Promise<ReplayReport> {
  const report: ReplayReport = { replayed: [], failed: [], skipped: [], runIds: [] };
  const items = await selectDlqItems(deps.dlq, selection);
  const known = new Set(deps.flows.map((f) => f.name));
  for (const item of items) {
    if (!known.has(item.flow)) report.skipped.push({ id: item.id, reason: `no enabled flow named "${item.flow}"` });
  }
  for (const flow of deps.flows) {
    const mine = items.filter((i) => i.flow === flow.name);
    const runnable: DlqItem[] = [];
    for (const item of mine) {
      if (mode === 'as-is' && item.mappingVersion !== flow.mapping.version) {
        const reason = `mapping changed since the failure (${item.mappingVersion} -> ${flow.mapping.version}); replay with remap`;
        report.skipped.push({ id: item.id, reason });
      } else runnable.push(item);
    }
    if (runnable.length === 0) continue;
    const run = await deps.store.startRun(flow.name, 'replay');
    report.runIds.push(run.id);
    for (let i = 0; i < runnable.length; i += PAGE) {
      const chunk = runnable.slice(i, i + PAGE);
      const records = chunk.map((item) => item.sourceRecord as ConnectorRecord);
      await deps.store.addRunPages(run.id, 1, records.length);
      const job = { id: `${run.id}/replay/${i / PAGE}`, name: 'sync-page', payload: null, attempt: 1, maxAttempts: 1 };
      await syncPage(job, { runId: run.id, flow: flow.name, records }, flow, deps.store, deps.failures, {
        lookUpCreates: true,
      });
    }
    await deps.store.finishReading(run.id, { pagesTotal: Math.ceil(runnable.length / PAGE), read: runnable.length });
    const again = await deps.dlq.openInRun(
      flow.name,
      run.id,
      runnable.map((item) => item.sourceId),
    );
    const done = runnable.filter((item) => !again.has(item.sourceId)).map((item) => item.id);
    await deps.dlq.resolve(done, 'replayed', `replay run ${run.id} (${mode})`);
    report.replayed.push(...done);
    report.failed.push(...runnable.filter((item) => again.has(item.sourceId)).map((item) => item.id));
  }
  return report;
}

/**
 * Closes open DLQ items without syncing them, keeping the admin's reason.
 *
 * @example
 * await discardDlq(dlq, { ids: ['6f0e…'] }, 'test company, deleted in the CRM');
 */
export async function discardDlq(dlq: DlqRepository, selection: DlqSelection, reason: string): Promise<number> {
  if (reason.trim() === '') throw new RangeError('a discard needs a reason');
  const ids = (await selectDlqItems(dlq, selection)).map((item) => item.id);
  return dlq.resolve(ids, 'discarded', reason);
}
