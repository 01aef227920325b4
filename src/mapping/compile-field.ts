import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';
import { compileExpression } from './cel-expression';
import type { FieldRule, ItemFieldRule, ValueMap } from './field-rule-schema';
import type { LookupTable } from './load-lookup';
import { TRANSFORMS, type TransformDefinition, TransformError } from './transforms/transform-registry';

/** Lookups a mapping needs while it runs; the engine prefetches them per batch. */
export interface MappingContext {
  /** Target id paired with a source id under a link kind, or undefined when not synced yet. */
  xref(link: string, sourceId: string): string | undefined;
}

/** What a rule reads: the record and, inside line items, the current item. */
export interface Scope {
  record: ConnectorRecord;
  item?: Record<string, unknown>;
}

/** A compiled field: its value, or {@link OMIT} when its `when` condition is false. */
export type FieldFn = (scope: Scope, context: MappingContext) => unknown;

/** Returned by a field whose `when` is false: the field is left out of the payload. */
export const OMIT: unique symbol = Symbol('omit');

/**
 * Compiles one field rule into a closure: value source, transforms, value map, default,
 * required, and the `when` gate. Everything that can be decided once is decided here.
 *
 * @example
 * const fn = compileField({ from: 'name', transforms: ['trim'] }, {});
 * fn({ record }, context) // 'Acme'
 */
export function compileField(
  rule: FieldRule | ItemFieldRule,
  lookups: Record<string, LookupTable>,
  compileItems?: (rule: FieldRule) => FieldFn,
): FieldFn {
  if ('lineItems' in rule && rule.lineItems && compileItems) return compileItems(rule as FieldRule);
  const read = compileRead(rule);
  // Functions and arguments side by side: no wrapper closure per step, no iterator per record.
  const applies: TransformDefinition['apply'][] = [];
  const args: unknown[] = [];
  for (const step of rule.transforms ?? []) {
    const [name, arg] = typeof step === 'string' ? [step, undefined] : Object.entries(step)[0]!;
    applies.push(TRANSFORMS[name]!.apply);
    args.push(arg);
  }
  const stepCount = applies.length;
  const lookup = rule.map ? compileValueMap(rule.map, lookups) : undefined;
  const fallback = rule.default ?? null;
  const required = rule.required === true;
  const when = rule.when ? compileCondition(rule.when) : undefined;
  return (scope, context) => {
    if (when && !when(scope)) return OMIT;
    let value = read(scope, context);
    for (let i = 0; i < stepCount; i++) {
      if (isBlank(value)) break;
      value = applies[i]!(value, args[i]);
    }
    if (lookup && !isBlank(value)) value = lookup(value);
    if (isBlank(value)) value = fallback;
    if (required && isBlank(value)) throw new TransformError('is required but empty');
    return value;
  };
}

function compileRead(rule: FieldRule | ItemFieldRule): FieldFn {
  if (rule.from !== undefined) {
    const name = rule.from;
    return (scope) => (scope.item ? scope.item[name] : scope.record.fields[name]);
  }
  if (rule.concat !== undefined) {
    const names = rule.concat;
    const separator = rule.separator ?? ' ';
    return (scope) => {
      const values = scope.item ?? scope.record.fields;
      return names
        .map((n) => values[n])
        .filter((v) => !isBlank(v))
        .join(separator);
    };
  }
  if (rule.xref !== undefined) {
    const { link, association, field } = rule.xref;
    const sourceIdOf = association
      ? (scope: Scope) => scope.record.associations?.[association]?.[0]
      : (scope: Scope) => {
          const raw = (scope.item ?? scope.record.fields)[field!];
          return isBlank(raw) ? undefined : String(raw);
        };
    return (scope, context) => {
      const sourceId = sourceIdOf(scope);
      if (sourceId === undefined) return null;
      const targetId = context.xref(link, sourceId);
      if (targetId === undefined) {
        // Retryable: the referenced record may be synced by its own flow in a moment; never
        // write an orphan in the meantime.
        throw new IntegrationError('reference_unresolved', `${association ?? field} ${sourceId} is not synced yet`, {
          details: { link, sourceId },
        });
      }
      return targetId;
    };
  }
  if (rule.expr !== undefined) {
    const compiled = compileExpression(rule.expr);
    if (!compiled.ok) throw new Error(`expression did not compile: ${compiled.message}`);
    return (scope) => compiled.evaluate({ source: scope.record.fields, item: scope.item, id: scope.record.id });
  }
  const constant = rule.const ?? null;
  return () => constant;
}

/**
 * Compiles a CEL condition to a predicate; a condition that fails to evaluate (a missing
 * key, a type error) fails the record rather than silently counting as false.
 *
 * @example
 * compileCondition('source.country == "US"')({ record }) // true
 */
export function compileCondition(text: string): (scope: Scope) => boolean {
  const compiled = compileExpression(text);
  if (!compiled.ok) throw new Error(`condition did not compile: ${compiled.message}`);
  return (scope) => {
    const result = compiled.evaluate({ source: scope.record.fields, item: scope.item, id: scope.record.id });
    if (typeof result !== 'boolean')
      throw new TransformError(`condition "${text}" gave ${String(result)}, not true/false`);
    return result;
  };
}

function compileValueMap(map: ValueMap, lookups: Record<string, LookupTable>): (value: unknown) => unknown {
  const table = map.values ?? lookups[map.file ?? ''] ?? {};
  const norm = map.ignoreCase ? (v: unknown) => String(v).trim().toLowerCase() : (v: unknown) => String(v);
  const index = new Map(Object.entries(table).map(([k, v]) => [norm(k), v]));
  const hasDefault = map.default !== undefined;
  const fallback = map.default ?? null;
  return (value) => {
    const key = norm(value);
    if (index.has(key)) return index.get(key);
    if (hasDefault) return fallback;
    throw new TransformError(
      `"${String(value)}" is not in the value map${map.file ? ` ${map.file}` : ''} (and it has no default)`,
    );
  };
}

/**
 * True for values a mapping treats as "no value": null, undefined, blank text.
 *
 * @example
 * isBlank('  ') // true
 */
export function isBlank(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  // Called several times per field per record: a value starting with a printable ASCII
  // character is not blank, known without the copy trim() makes.
  const first = value.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return value.trim() === '';
}
