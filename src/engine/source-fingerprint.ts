import type { ConnectorRecord } from '../connectors';
import { fingerprint } from './fingerprint';
import type { FlowRuntime } from './flow-runtime';

/**
 * The fingerprint of a source record as the engine compares it: its fields and associations,
 * minus the fields the flow's `feedback:` writes back. Without the exclusion the write-back
 * itself would make the record look changed and sync it again, forever.
 *
 * @example
 * sourceFingerprint(flow, record) === link.sourceFingerprint // unchanged: nothing to do
 */
export function sourceFingerprint(flow: Pick<FlowRuntime, 'spec'>, record: ConnectorRecord): string {
  const feedback = flow.spec.feedback;
  if (!feedback) return fingerprint({ f: record.fields, a: record.associations });
  const excluded = new Set(
    [feedback.success, feedback.failure, ...Object.values(feedback.byCode ?? {})].flatMap((v) => Object.keys(v ?? {})),
  );
  const fields = Object.fromEntries(Object.entries(record.fields).filter(([name]) => !excluded.has(name)));
  return fingerprint({ f: fields, a: record.associations });
}
