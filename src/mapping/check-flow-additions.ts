import { didYouMean } from './did-you-mean';
import type { FlowFile } from './flow-schema';
import type { EntityCatalog } from './load-flow-file';

type Report = (path: PropertyKey[], message: string) => void;

/**
 * Checks the lead-to-cash flow keys (decision 010) against the connectors' entities: the
 * `target.id` field and the `feedback` fields exist on the source, the `priceMatches` lines
 * field on the target and the item entity with its price field on the target's connector.
 * A misspelt feedback field would otherwise fail only at run time, after the order was created.
 *
 * @example
 * checkFlowAdditions(spec, catalog, report);
 */
export function checkFlowAdditions(spec: FlowFile, catalog: EntityCatalog, report: Report): void {
  const fieldsOf = (connector: string, entity: string) => {
    const found = catalog(connector, entity);
    return found.ok ? new Set(found.fields) : undefined;
  };
  const source = fieldsOf(spec.source.connector, spec.source.entity);
  const target = fieldsOf(spec.target.connector, spec.target.entity);
  const label = (e: { connector: string; entity: string }) => `${e.connector}.${e.entity}`;
  const needField = (names: Set<string> | undefined, name: string, path: PropertyKey[], where: string) => {
    if (names && !names.has(name)) report(path, `field "${name}" does not exist on ${where}${didYouMean(name, names)}`);
  };

  const idField = spec.target.id?.xref.field;
  if (idField && idField !== 'id') {
    needField(source, idField, ['target', 'id', 'xref', 'field'], label(spec.source));
  }
  const feedback = spec.feedback;
  for (const [group, values] of [
    ['success', feedback?.success],
    ['failure', feedback?.failure],
    ...Object.entries(feedback?.byCode ?? {}).map(([code, v]) => [`byCode.${code}`, v] as const),
  ] as const) {
    for (const name of Object.keys(values ?? {})) {
      needField(source, name, ['feedback', ...group.split('.'), name], label(spec.source));
    }
  }
  const prices = spec.checks?.priceMatches;
  if (prices) {
    needField(target, prices.lines, ['checks', 'priceMatches', 'lines'], label(spec.target));
    const item = catalog(spec.target.connector, prices.item);
    if (!item.ok) report(['checks', 'priceMatches', 'item'], item.reason);
    else {
      const where = `${spec.target.connector}.${prices.item}`;
      needField(new Set(item.fields), prices.priceField, ['checks', 'priceMatches', 'priceField'], where);
    }
  }
}
