import type { ConnectorRecord } from '../connectors';
import type { FlowRuntime } from './flow-runtime';

/** What a flow's `filter:` and `write:` say about one source record, before it is mapped. */
export type WriteModeVerdict =
  | { pass: true }
  /** Read and deliberately not written; `code` goes into history (`filtered`, `no_target`). */
  | { pass: false; skipped: { code: 'filtered' | 'no_target'; reason: string } }
  /** A `create-once` record already pushed: nothing to do, counted unchanged. */
  | { pass: false; unchanged: string };

/**
 * Applies `filter:` then `write:` to one record. Pure and shared by the sync (through the
 * ownership gate) and the preview, so a preview skips exactly what a run would skip. A filter
 * that cannot be evaluated throws; the caller turns it into the record's failure.
 *
 * @example
 * screenWriteMode(flow, record, { linked: false, targetViaOtherLink: false });
 * // { pass: false, skipped: { code: 'filtered', reason: 'filter is false: source.stage == "closedwon"' } }
 */
export function screenWriteMode(
  flow: Pick<FlowRuntime, 'spec' | 'mapping'>,
  record: ConnectorRecord,
  target: { linked: boolean; targetViaOtherLink: boolean },
): WriteModeVerdict {
  const { spec, mapping } = flow;
  if (mapping.accepts && !mapping.accepts(record)) {
    return { pass: false, skipped: { code: 'filtered', reason: `filter is false: ${spec.filter}` } };
  }
  // A `target.id:` flow finds its target through another link; an unresolved one is its error.
  if (spec.write === 'update-only' && !target.linked && !target.targetViaOtherLink) {
    return {
      pass: false,
      skipped: { code: 'no_target', reason: 'write: update-only and the record has no linked target' },
    };
  }
  if (spec.write === 'create-once' && target.linked) {
    return { pass: false, unchanged: 'write: create-once and the record was already created; it is never updated' };
  }
  return { pass: true };
}
