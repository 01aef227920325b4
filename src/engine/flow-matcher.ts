import type { SystemRole } from '../connectors';
import { type PreparedRecord, RecordMatcher } from '../dedupe/record-matcher';
import type { FlowFile } from '../mapping/flow-schema';
import { fingerprint } from './fingerprint';
import type { FlowRuntime } from './flow-runtime';

/** A flow's match rules compiled once, with the index scope they own. */
export interface FlowMatcher {
  matcher: RecordMatcher;
  /** `<flow>#<rules fingerprint>`: new rules start a new index. */
  scope: string;
  targetSide: SystemRole;
  /**
   * Indexed candidates prepared once per parsed `fields` object (the match store shares them):
   * building their blocking keys and token lists again for every comparison was a tenth of a load.
   */
  preparedCandidates: WeakMap<object, PreparedRecord>;
}

const compiled = new WeakMap<FlowFile, FlowMatcher>();

/**
 * The compiled matcher of a flow, or undefined when its file has no `match:` section. Cached
 * per parsed flow file, so a reloaded mapping compiles again.
 *
 * @example
 * const fm = flowMatcher(flow); if (fm) fm.matcher.prepare(id, fields);
 */
export function flowMatcher(flow: FlowRuntime): FlowMatcher | undefined {
  const rules = flow.spec.match;
  if (!rules) return undefined;
  let found = compiled.get(flow.spec);
  if (!found) {
    found = {
      matcher: new RecordMatcher(rules),
      scope: `${flow.name}#${fingerprint(rules).slice(0, 10)}`,
      targetSide: flow.sourceSide === 'crm' ? 'erp' : 'crm',
      preparedCandidates: new WeakMap(),
    };
    compiled.set(flow.spec, found);
  }
  return found;
}
