import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';
import { compileCondition, compileField, type FieldFn, isBlank, type MappingContext, OMIT } from './compile-field';
import type { FieldRule, XrefRule } from './field-rule-schema';
import type { LoadedFlow } from './load-flow-file';
import { TransformError } from './transforms/transform-registry';

export { type MappingContext, OMIT } from './compile-field';

/** A reference from a source record to another record that must already be synced. */
export interface Reference {
  link: string;
  sourceId: string;
}

/** A mapping compiled into plain functions, ready to run per record. */
export interface CompiledMapping {
  flow: string;
  version: string;
  file: string;
  /** Maps one source record to the target's fields; throws `mapping_failed` or `reference_unresolved`. */
  map(record: ConnectorRecord, context: MappingContext): Record<string, unknown>;
  /** The cross-references a record needs, so they can be fetched in one query per batch. */
  references(record: ConnectorRecord): Reference[];
  /** The flow's `filter:` compiled once; absent when every record is synced. Throws like a field rule. */
  accepts?: (record: ConnectorRecord) => boolean;
  /** The flow's `archiveWhen:` compiled once: true when a live record counts as archived. */
  archivedByRule?: (record: ConnectorRecord) => boolean;
}

/**
 * Compiles a validated flow file once into a closure per field (line items: a closure per
 * item field). Running it does no parsing and no lookups by name, which keeps mapping cheap
 * next to the HTTP calls.
 *
 * @example
 * const mapping = compileMapping(loaded);
 * const fields = mapping.map(record, { xref: (link, id) => xrefs.get(id) });
 */
export function compileMapping(loaded: LoadedFlow): CompiledMapping {
  const { spec, file, source, lookups } = loaded;
  const fields = Object.entries(spec.fields).map(([target, rule]) => ({
    target,
    line: source.lineOf(['fields', target]),
    fn: compileField(rule, lookups, (r) => compileLineItems(r, lookups)),
  }));
  const count = fields.length;
  const collectReferences = compileReferences(Object.values(spec.fields));
  const filter = spec.filter ? compileCondition(spec.filter) : undefined;
  const filterLine = source.lineOf(['filter']);
  const archiveWhen = spec.archiveWhen ? compileCondition(spec.archiveWhen) : undefined;
  const archiveWhenLine = source.lineOf(['archiveWhen']);

  return {
    flow: spec.flow,
    version: loaded.version,
    file,
    map(record, context) {
      const out: Record<string, unknown> = {};
      const scope = { record };
      // An indexed loop: this runs once per field per record, the hottest code of a sync.
      for (let i = 0; i < count; i++) {
        const field = fields[i]!;
        let value: unknown;
        try {
          value = field.fn(scope, context);
        } catch (error) {
          throw fieldError(error, { file, line: field.line, field: field.target, recordId: record.id });
        }
        if (value !== OMIT) out[field.target] = value;
      }
      return out;
    },
    references: collectReferences,
    ...(filter
      ? {
          accepts: (record: ConnectorRecord) => {
            try {
              return filter({ record });
            } catch (error) {
              throw fieldError(error, { file, line: filterLine, field: 'filter', recordId: record.id });
            }
          },
        }
      : {}),
    ...(archiveWhen
      ? {
          archivedByRule: (record: ConnectorRecord) => {
            try {
              return archiveWhen({ record });
            } catch (error) {
              throw fieldError(error, { file, line: archiveWhenLine, field: 'archiveWhen', recordId: record.id });
            }
          },
        }
      : {}),
  };
}

function compileLineItems(rule: FieldRule, lookups: LoadedFlow['lookups']): FieldFn {
  const items = rule.lineItems!;
  const itemFields = Object.entries(items.fields).map(([target, r]) => ({ target, fn: compileField(r, lookups) }));
  const keep = items.when ? compileCondition(items.when) : undefined;
  const when = rule.when ? compileCondition(rule.when) : undefined;
  return (scope, context) => {
    if (when && !when(scope)) return OMIT;
    const raw = scope.record.fields[items.from];
    if (isBlank(raw)) return [];
    if (!Array.isArray(raw)) throw new TransformError(`${items.from} is not a list of line items`);
    const out: Record<string, unknown>[] = [];
    raw.forEach((item: Record<string, unknown>, index) => {
      const itemScope = { record: scope.record, item };
      if (keep && !keep(itemScope)) return;
      const line: Record<string, unknown> = {};
      for (const field of itemFields) {
        try {
          const value = field.fn(itemScope, context);
          if (value !== OMIT) line[field.target] = value;
        } catch (error) {
          if (error instanceof IntegrationError) throw error;
          throw new TransformError(`line ${index + 1}, ${field.target}: ${(error as Error).message}`);
        }
      }
      out.push(line);
    });
    return out;
  };
}

function compileReferences(rules: FieldRule[]): (record: ConnectorRecord) => Reference[] {
  const top = rules.flatMap((r) => (r.xref ? [r.xref] : []));
  const inItems = rules.flatMap((r) =>
    r.lineItems
      ? [{ from: r.lineItems.from, xrefs: Object.values(r.lineItems.fields).flatMap((f) => (f.xref ? [f.xref] : [])) }]
      : [],
  );
  const idOf = (xref: XrefRule, values: Record<string, unknown>, record: ConnectorRecord): string[] => {
    if (xref.association) return (record.associations?.[xref.association] ?? []).slice(0, 1);
    const raw = values[xref.field!];
    return isBlank(raw) ? [] : [String(raw)];
  };
  return (record) => {
    const refs: Reference[] = [];
    for (const xref of top)
      for (const sourceId of idOf(xref, record.fields, record)) refs.push({ link: xref.link, sourceId });
    for (const { from, xrefs } of inItems) {
      const items = record.fields[from];
      if (!Array.isArray(items)) continue;
      for (const item of items as Record<string, unknown>[]) {
        for (const xref of xrefs)
          for (const sourceId of idOf(xref, item, record)) refs.push({ link: xref.link, sourceId });
      }
    }
    return refs;
  };
}

function fieldError(
  error: unknown,
  where: { file: string; line: number; field: string; recordId: string },
): IntegrationError {
  const location = `${where.file}:${where.line}`;
  if (error instanceof IntegrationError) {
    return new IntegrationError(error.code, `record ${where.recordId}, field ${where.field}: ${error.message}`, {
      cause: error,
      details: { ...error.details, ...where },
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new IntegrationError(
    'mapping_failed',
    `record ${where.recordId}, field ${where.field} (${location}): ${reason}`,
    {
      cause: error,
      details: where,
    },
  );
}
