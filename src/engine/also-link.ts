import type { ConnectorRecord } from '../connectors';
import type { AlsoLinkWrite } from '../store';
import type { FlowRuntime } from './flow-runtime';

/**
 * The extra xrefs of a flow's `alsoLink:` for records newly linked in this page (created, or
 * found by external reference: a create whose answer was lost still owes its extra links):
 * the first id of the named association paired with the written target record, e.g. the
 * quote's deal with the order created from the quote, so the order's status flow can find the
 * deal. Committed with the page, so the order and its extra links appear together.
 *
 * @example
 * commit.alsoLinks = alsoLinks(flow, [{ record: quote, targetId: orderId }]);
 */
export function alsoLinks(
  flow: FlowRuntime,
  linked: readonly { record: ConnectorRecord; targetId: string }[],
): AlsoLinkWrite[] {
  const spec = flow.spec.alsoLink;
  if (!spec) return [];
  const out: AlsoLinkWrite[] = [];
  for (const { record, targetId } of linked) {
    for (const [kind, { association }] of Object.entries(spec)) {
      const otherId = record.associations?.[association]?.[0];
      if (otherId === undefined) continue;
      out.push(
        flow.sourceSide === 'crm'
          ? { kind, crmId: otherId, erpId: targetId }
          : { kind, crmId: targetId, erpId: otherId },
      );
    }
  }
  return out;
}
