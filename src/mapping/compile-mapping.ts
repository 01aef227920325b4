import type { ConnectorRecord } from '../connectors';
import { IntegrationError } from '../errors';
import type { FieldRule } from './flow-schema';
import type { LoadedFlow } from './load-flow-file';
import { TRANSFORMS, TransformError } from './transforms/transform-registry';

/** Lookups a mapping needs while it runs; the engine prefetches them per batch. */
export interface MappingContext {
  /** Target id paired with a source id under a link kind, or undefined when not synced yet. */
  xref(link: string, sourceId: string): string | undefined;
}

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
}

type FieldFn = (record: ConnectorRecord, context: MappingContext) => unknown;

/**
 * Compiles a validated flow file once into a closure per field. Running it does no parsing
 * and no lookups by name, which keeps mapping cheap next to the HTTP calls.
 *
 * @example
 * const mapping = compileMapping(loaded);
 * const fields = mapping.map(record, { xref: (link, id) => xrefs.get(id) });
 */
export function compileMapping(loaded: LoadedFlow): CompiledMapping {
  const { spec, file, source } = loaded;
  const fields = Object.entries(spec.fields).map(([target, rule]) => ({
    target,
    line: source.lineOf(['fields', target]),
    fn: compileField(rule),
  }));
  const xrefRules = Object.values(spec.fields).flatMap((rule) => (rule.xref ? [rule.xref] : []));

  return {
    flow: spec.flow,
    version: loaded.version,
    file,
    map(record, context) {
      const out: Record<string, unknown> = {};
      for (const field of fields) {
        try {
          out[field.target] = field.fn(record, context);
        } catch (error) {
          throw fieldError(error, { file, line: field.line, field: field.target, recordId: record.id });
        }
      }
      return out;
    },
    references(record) {
      return xrefRules.flatMap((rule) =>
        (record.associations?.[rule.association] ?? []).slice(0, 1).map((sourceId) => ({ link: rule.link, sourceId })),
      );
    },
  };
}

function compileField(rule: FieldRule): FieldFn {
  const read = compileRead(rule);
  const steps = (rule.transforms ?? []).map((step) => {
    const [name, arg] = typeof step === 'string' ? [step, undefined] : Object.entries(step)[0]!;
    const apply = TRANSFORMS[name]!.apply;
    return (value: unknown) => apply(value, arg);
  });
  const fallback = rule.default ?? null;
  const required = rule.required === true;
  return (record, context) => {
    let value = read(record, context);
    for (const step of steps) {
      if (isBlank(value)) break;
      value = step(value);
    }
    if (isBlank(value)) value = fallback;
    if (required && isBlank(value)) throw new TransformError('is required but empty');
    return value;
  };
}

function compileRead(rule: FieldRule): FieldFn {
  if (rule.from !== undefined) {
    const name = rule.from;
    return (record) => record.fields[name];
  }
  if (rule.concat !== undefined) {
    const names = rule.concat;
    const separator = rule.separator ?? ' ';
    return (record) =>
      names
        .map((n) => record.fields[n])
        .filter((v) => !isBlank(v))
        .join(separator);
  }
  if (rule.xref !== undefined) {
    const { link, association } = rule.xref;
    return (record, context) => {
      const sourceId = record.associations?.[association]?.[0];
      if (sourceId === undefined) return null;
      const targetId = context.xref(link, sourceId);
      if (targetId === undefined) {
        throw new IntegrationError('reference_unresolved', `${association} ${sourceId} is not synced yet`, {
          details: { link, sourceId },
        });
      }
      return targetId;
    };
  }
  const constant = rule.const ?? null;
  return () => constant;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
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
