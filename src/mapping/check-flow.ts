import type { EntityDescription, FieldDescription } from '../connectors';
import { compileExpression } from './cel-expression';
import { checkFlowAdditions } from './check-flow-additions';
import { didYouMean } from './did-you-mean';
import type { FieldRule, FlowFile, ItemFieldRule } from './flow-schema';
import type { EntityCatalog, MappingProblem } from './load-flow-file';
import type { LookupTable } from './load-lookup';
import { TRANSFORM_NAMES, TRANSFORMS } from './transforms/transform-registry';
import type { YamlSource } from './yaml-source';

type ValueType = 'string' | 'number' | 'boolean' | 'array' | 'unknown';
type Report = (path: PropertyKey[], message: string, at?: 'key' | 'value') => void;

interface Side {
  label: string;
  names: Set<string>;
  byName: Map<string, FieldDescription>;
}

/**
 * Checks a schema-valid flow against itself and the connectors' entity descriptions: fields
 * exist, transforms and expressions are valid, required target fields are mapped, value types
 * fit, read-only fields are not written, and value maps cover the source picklist.
 *
 * @example
 * const problems = checkFlow(spec, source, lookups, catalog);
 */
export function checkFlow(
  spec: FlowFile,
  source: YamlSource,
  lookups: Record<string, LookupTable>,
  catalog?: EntityCatalog,
): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const report: Report = (path, message, at = 'key') =>
    problems.push({
      file: source.file,
      ...(at === 'key' ? source.positionOf(path) : source.valuePositionOf(path)),
      message,
    });
  const from = catalog && side(catalog, spec.source, ['source'], report);
  const to = catalog && side(catalog, spec.target, ['target'], report);

  if (spec.filter) checkExpression(spec.filter, ['filter'], from, report);
  for (const [target, rule] of Object.entries(spec.fields)) {
    const path = ['fields', target];
    const targetField = to?.byName.get(target);
    if (to && !to.names.has(target)) {
      report(path, `target field "${target}" does not exist on ${to.label}${didYouMean(target, to.names)}`);
    }
    if (targetField?.readOnly) report(path, `target field "${target}" is read-only on ${to?.label}`);
    checkRule(rule, path, from, report, lookups);
    if (rule.lineItems) {
      const items = rule.lineItems;
      if (from && !from.names.has(items.from)) {
        report(
          [...path, 'lineItems', 'from'],
          `source field "${items.from}" does not exist on ${from.label}${didYouMean(items.from, from.names)}`,
        );
      }
      if (items.when) checkExpression(items.when, [...path, 'lineItems', 'when'], from, report);
      for (const [itemField, itemRule] of Object.entries(items.fields)) {
        checkRule(itemRule, [...path, 'lineItems', 'fields', itemField], from, report, lookups, true);
      }
    }
    if (targetField) checkType(rule, path, targetField, to!.label, from, lookups, report);
  }

  if (to) {
    for (const field of to.byName.values()) {
      if (field.required && !(field.name in spec.fields)) {
        report(['fields'], `required target field "${field.name}" of ${to.label} is not mapped`);
      }
    }
    for (const field of Object.keys(spec.ownership.fields)) {
      if (!to.names.has(field)) {
        report(
          ['ownership', 'fields', field],
          `ownership: target field "${field}" does not exist on ${to.label}${didYouMean(field, to.names)}`,
        );
      }
    }
  }
  if (catalog) checkFlowAdditions(spec, catalog, (path, message) => report(path, message));
  return problems;
}

function checkRule(
  rule: FieldRule | ItemFieldRule,
  path: PropertyKey[],
  from: Side | undefined,
  report: Report,
  lookups: Record<string, LookupTable>,
  inItem = false,
): void {
  // Inside line items, `from` and `xref.field` read the item, whose shape no schema describes.
  if (!inItem && from) {
    const names = rule.from ? [rule.from] : (rule.concat ?? []);
    for (const name of names) {
      if (!from.names.has(name)) {
        report(
          [...path, rule.from ? 'from' : 'concat'],
          `source field "${name}" does not exist on ${from.label}${didYouMean(name, from.names)}`,
        );
      }
    }
    if (rule.xref?.field && !from.names.has(rule.xref.field)) {
      report([...path, 'xref', 'field'], `source field "${rule.xref.field}" does not exist on ${from.label}`);
    }
  }
  (rule.transforms ?? []).forEach((step, i) => {
    checkTransform(step, (message) => report([...path, 'transforms', i], message, 'value'));
  });
  if (rule.expr) checkExpression(rule.expr, [...path, 'expr'], from, report);
  if (rule.when) checkExpression(rule.when, [...path, 'when'], from, report);
  if (rule.map?.file && !lookups[rule.map.file]) return;
  if (rule.map && !inItem && rule.map.default === undefined && rule.from) {
    const picklist = from?.byName.get(rule.from);
    const table = rule.map.values ?? lookups[rule.map.file ?? ''] ?? {};
    const norm = (v: string) => (rule.map?.ignoreCase ? v.trim().toLowerCase() : v);
    const keys = new Set(Object.keys(table).map(norm));
    const missing = (picklist?.options ?? []).filter((o) => !keys.has(norm(o)));
    if (missing.length) {
      const list = missing.map((m) => `"${m}"`).join(', ');
      report(
        [...path, 'map'],
        `value map does not cover ${list} of ${from?.label}.${rule.from} (add them or a default)`,
      );
    }
  }
}

function checkExpression(text: string, path: PropertyKey[], from: Side | undefined, report: Report): void {
  const compiled = compileExpression(text);
  if (!compiled.ok) {
    report(path, `invalid expression at character ${compiled.offset + 1}: ${compiled.message}`, 'value');
    return;
  }
  for (const name of compiled.sourceFields) {
    if (from && !from.names.has(name)) {
      report(
        path,
        `expression reads source.${name}, which does not exist on ${from.label}${didYouMean(name, from.names)}`,
        'value',
      );
    }
  }
}

function checkTransform(step: unknown, report: (message: string) => void): void {
  const [name, arg] = typeof step === 'string' ? [step, undefined] : Object.entries(step as object)[0]!;
  const definition = TRANSFORMS[name];
  if (!definition) {
    report(
      `unknown transform "${name}"${didYouMean(name, TRANSFORM_NAMES) || ` (known: ${TRANSFORM_NAMES.join(', ')})`}`,
    );
    return;
  }
  if (definition.arg && arg === undefined) report(`transform "${name}" needs an argument, e.g. { ${name}: ... }`);
  if (!definition.arg && arg !== undefined) report(`transform "${name}" takes no argument`);
  if (definition.arg && arg !== undefined) {
    const result = definition.arg.safeParse(arg);
    if (!result.success) report(`transform "${name}": ${result.error.issues[0]?.message}`);
  }
}

function checkType(
  rule: FieldRule,
  path: PropertyKey[],
  target: FieldDescription,
  label: string,
  from: Side | undefined,
  lookups: Record<string, LookupTable>,
  report: Report,
): void {
  const produced = valueType(rule, from, lookups);
  const wanted = expectedType(target);
  if (produced !== 'unknown' && wanted !== 'unknown' && produced !== wanted) {
    report(path, `type mismatch: the rule yields a ${produced} but ${label}.${target.name} is a ${wanted}`);
  }
  const options = target.options;
  if (!options) return;
  // A picklist copied into a picklist: every source value must be a target value too.
  const sourceOptions =
    rule.from && !rule.map && !rule.transforms?.length ? from?.byName.get(rule.from)?.options : undefined;
  const foreign = (sourceOptions ?? []).filter((o) => !options.includes(o));
  if (foreign.length) {
    const list = foreign.map((o) => `"${o}"`).join(', ');
    report(
      [...path, 'from'],
      `${from?.label}.${rule.from} values ${list} are not values of ${label}.${target.name} (translate them with map:)`,
    );
  }
  const literals: [PropertyKey[], unknown][] = [];
  if (rule.const !== undefined && rule.const !== null) literals.push([[...path, 'const'], rule.const]);
  if (rule.map?.values)
    for (const [k, v] of Object.entries(rule.map.values)) literals.push([[...path, 'map', 'values', k], v]);
  if (rule.map?.default !== undefined && rule.map.default !== null)
    literals.push([[...path, 'map', 'default'], rule.map.default]);
  if (rule.default !== undefined) literals.push([[...path, 'default'], rule.default]);
  for (const [at, value] of literals) {
    if (value !== null && !options.includes(String(value))) {
      report(
        at,
        `"${value}" is not a value of ${label}.${target.name} (one of: ${options.map((o) => `"${o}"`).join(', ')})`,
        'value',
      );
    }
  }
}

function valueType(rule: FieldRule, from: Side | undefined, lookups: Record<string, LookupTable>): ValueType {
  if (rule.lineItems) return 'array';
  if (rule.map) {
    const values = Object.values(rule.map.values ?? lookups[rule.map.file ?? ''] ?? {}).filter((v) => v !== null);
    const types = new Set(values.map((v) => typeof v));
    return types.size === 1 ? (([...types][0] as ValueType) ?? 'unknown') : 'unknown';
  }
  let type: ValueType = 'unknown';
  if (rule.concat || rule.xref) type = 'string';
  else if (rule.const !== undefined && rule.const !== null) type = typeof rule.const as ValueType;
  else if (rule.from) type = from ? expectedType(from.byName.get(rule.from)) : 'unknown';
  for (const step of rule.transforms ?? []) {
    const name = typeof step === 'string' ? step : Object.keys(step)[0]!;
    const output = TRANSFORMS[name]?.output;
    if (output && output !== 'same') type = output;
    else if (output === 'same') type = 'unknown';
  }
  return type;
}

function expectedType(field: FieldDescription | undefined): ValueType {
  switch (field?.type) {
    case 'string':
    case 'enumeration':
    case 'datetime':
      return 'string';
    case 'number':
    case 'boolean':
    case 'array':
      return field.type;
    default:
      return 'unknown';
  }
}

function side(
  catalog: EntityCatalog,
  endpoint: { connector: string; entity: string },
  path: PropertyKey[],
  report: Report,
): Side | undefined {
  const found = catalog(endpoint.connector, endpoint.entity);
  if (!found.ok) {
    report(path, found.reason);
    return undefined;
  }
  const description: EntityDescription = found.description ?? {
    entity: endpoint.entity,
    fields: found.fields.map((name) => ({ name, type: 'unknown' })),
  };
  return {
    label: `${endpoint.connector}.${endpoint.entity}`,
    names: new Set(found.fields),
    byName: new Map(description.fields.map((f) => [f.name, f])),
  };
}
