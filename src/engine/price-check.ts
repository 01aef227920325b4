import type { ConnectorRecord, UpsertItem } from '../connectors';
import { requireCapability } from '../connectors';
import { IntegrationError, toIntegrationError } from '../errors';
import type { FlowRuntime } from './flow-runtime';

/** A record whose price check failed, or whose items could not be read. */
export interface PriceCheckFailure {
  record: ConnectorRecord;
  error: IntegrationError;
}

/**
 * The `checks.priceMatches` pre-write check: reads the target items the mapped lines reference
 * (one `readByIds` per page) and fails each record with a line whose price differs from the
 * item's by more than the tolerance, with a permanent `price_mismatch` naming the line, the
 * item, the quote price and the target price. A failed read fails the page's checked records
 * with the read's own error (retryable or not), since sending them unchecked could book a wrong
 * price. Records without the check, or without lines, pass.
 *
 * @example
 * const failed = await checkPrices(flow, writes); // [] when every price matches
 */
export async function checkPrices(
  flow: FlowRuntime,
  writes: readonly { record: ConnectorRecord; item: UpsertItem }[],
): Promise<PriceCheckFailure[]> {
  const check = flow.spec.checks?.priceMatches;
  if (!check || writes.length === 0) return [];
  const linesOf = (w: { item: UpsertItem }) => {
    const lines = w.item.fields[check.lines];
    return Array.isArray(lines) ? (lines as Record<string, unknown>[]) : [];
  };
  const ids = new Set(
    writes.flatMap((w) => linesOf(w).flatMap((l) => (l[check.itemField] ? [String(l[check.itemField])] : []))),
  );
  if (ids.size === 0) return [];
  let items: Map<string, ConnectorRecord>;
  try {
    const read = requireCapability(flow.target, 'readByIds');
    items = new Map((await read(check.item, [...ids])).map((r) => [r.id, r]));
  } catch (error) {
    const failure = toIntegrationError(error);
    return writes.filter((w) => linesOf(w).length).map((w) => ({ record: w.record, error: failure }));
  }
  const failed: PriceCheckFailure[] = [];
  for (const write of writes) {
    const problems: string[] = [];
    linesOf(write).forEach((line, index) => {
      const itemId = line[check.itemField];
      if (itemId === undefined || itemId === null) return;
      const item = items.get(String(itemId));
      const label = item ? itemLabel(item) : `item ${String(itemId)}`;
      if (!item) {
        problems.push(`line ${index + 1}: ${label} does not exist in the ${flow.target.role.toUpperCase()}`);
        return;
      }
      const quoted = Number(line[check.priceField]);
      const actual = Number(item.fields[check.priceField]);
      // A tiny epsilon so a tolerance of 0.005 accepts 0.005 despite binary rounding.
      if (Math.abs(quoted - actual) > check.tolerance + 1e-9) {
        problems.push(
          `line ${index + 1}: ${label} is priced ${quoted} on the ${flow.spec.source.entity} but ${actual} in the ${flow.target.role.toUpperCase()}`,
        );
      }
    });
    if (problems.length) {
      failed.push({
        record: write.record,
        error: new IntegrationError('price_mismatch', `Price mismatch, nothing was written: ${problems.join('; ')}`, {
          details: { recordId: write.record.id, problems },
        }),
      });
    }
  }
  return failed;
}

function itemLabel(item: ConnectorRecord): string {
  const number = item.fields.number ?? item.id;
  const name = item.fields.displayName;
  return `item ${String(number)}${typeof name === 'string' && name ? ` "${name}"` : ''}`;
}
