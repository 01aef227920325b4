import type { ConnectorRecord, UpsertItem } from '../connectors';
import { toIntegrationError } from '../errors';
import type { FailureRecorder } from './failure-recorder';
import type { FlowRuntime } from './flow-runtime';

/** One record's outcome, as feedback sees it. */
export type FeedbackOutcome =
  | { record: ConnectorRecord; target: ConnectorRecord }
  | { record: ConnectorRecord; error: { code: string; message: string } };

const PLACEHOLDER = /\{\{\s*(target|error)\.([\w.-]+)\s*\}\}/g;

/**
 * Writes the flow's `feedback:` fields back onto the source records after a page: `success`
 * for records written, `failure` for records that failed for good, so a salesperson sees on
 * the quote that the ERP refused it and why. Values already on the record are not written
 * again (a re-failed record would otherwise bounce between the systems on every poll). A
 * failed write-back is reported through `failures` and never thrown: the sync's own outcome
 * is already committed and must not be lost or retried because of it.
 *
 * @example
 * await writeFeedback(flow, [{ record, error: { code: 'price_mismatch', message } }], failures);
 */
export async function writeFeedback(
  flow: FlowRuntime,
  outcomes: readonly FeedbackOutcome[],
  failures: FailureRecorder,
): Promise<void> {
  const feedback = flow.spec.feedback;
  if (!feedback || outcomes.length === 0) return;
  const items: UpsertItem[] = [];
  for (const outcome of outcomes) {
    const template =
      'target' in outcome ? feedback.success : { ...feedback.failure, ...feedback.byCode?.[outcome.error.code] };
    if (!template || Object.keys(template).length === 0) continue;
    const fields = render(template, outcome);
    const changed = Object.entries(fields).some(([name, value]) => outcome.record.fields[name] !== value);
    if (changed) items.push({ key: outcome.record.id, id: outcome.record.id, fields });
  }
  if (items.length === 0) return;
  const entity = flow.spec.source.entity;
  try {
    const upsert = flow.source.methods.upsertBatch;
    if (!upsert) throw new Error(`connector "${flow.source.name}" cannot write feedback (no upsertBatch)`);
    const results = await upsert.call(flow.source.methods, entity, items);
    const refused = results.flatMap((r) =>
      r.ok ? [] : [{ sourceId: r.key, code: r.error.code, message: r.error.message }],
    );
    if (refused.length) failures.feedbackFailed(flow.name, refused);
  } catch (error) {
    const failure = toIntegrationError(error);
    failures.feedbackFailed(
      flow.name,
      items.map((i) => ({ sourceId: i.key, code: failure.code, message: failure.message })),
    );
  }
}

function render(template: Record<string, string | number | boolean | null>, outcome: FeedbackOutcome) {
  const lookUp = (scope: string, path: string): unknown => {
    if (scope === 'error') return 'error' in outcome ? outcome.error[path as 'code' | 'message'] : undefined;
    if (!('target' in outcome)) return undefined;
    return path === 'id' ? outcome.target.id : outcome.target.fields[path];
  };
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(template)) {
    if (typeof value !== 'string') {
      out[field] = value;
      continue;
    }
    // A value that is one placeholder keeps the placeholder's type (a number stays a number).
    const whole = /^\{\{\s*(target|error)\.([\w.-]+)\s*\}\}$/.exec(value);
    if (whole) out[field] = lookUp(whole[1]!, whole[2]!) ?? null;
    else out[field] = value.replace(PLACEHOLDER, (_, scope: string, path: string) => String(lookUp(scope, path) ?? ''));
  }
  return out;
}
