import { describeZodEntity, type EntityDescription, type FieldDescription } from '../connectors';
import { toIntegrationError } from '../errors';
import { usedFields } from '../mapping';
import type { FlowRuntime } from './flow-runtime';

/** One field whose live definition differs from the one the mapping was validated against. */
export interface FieldDrift {
  field: string;
  change: 'added' | 'removed' | 'retyped';
  /** e.g. `string -> enumeration`, or the picklist values added and removed. */
  detail?: string;
  /** The flow reads or writes this field, so the next sync may break on it. */
  used: boolean;
}

/** Drift of one side of one flow. */
export interface SchemaDriftReport {
  flow: string;
  side: 'source' | 'target';
  connector: string;
  entity: string;
  /** `checked`, or why the live schema could not be read (`unsupported` when the connector cannot describe itself). */
  status: 'checked' | 'unsupported' | 'failed';
  error?: string;
  drift: FieldDrift[];
}

/**
 * Compares each flow's source and target entity as the live systems describe them
 * (`describeEntity`) with the schemas the connectors ship, which are what mappings are
 * validated against. Reports added, removed and retyped fields, flagging those the flow uses.
 *
 * @example
 * const reports = await checkSchemaDrift(flows);
 * reports.filter((r) => r.drift.some((d) => d.used))
 */
export async function checkSchemaDrift(flows: readonly FlowRuntime[]): Promise<SchemaDriftReport[]> {
  const reports: SchemaDriftReport[] = [];
  for (const flow of flows) {
    const used = usedFields(flow.spec);
    for (const side of ['source', 'target'] as const) {
      const instance = flow[side];
      const entity = flow.spec[side].entity;
      const base = { flow: flow.name, side, connector: flow.spec[side].connector, entity };
      const definition = instance.definition.entities[entity];
      if (!instance.methods.describeEntity || !definition) {
        reports.push({ ...base, status: 'unsupported', drift: [] });
        continue;
      }
      try {
        const live = await instance.methods.describeEntity(entity);
        reports.push({
          ...base,
          status: 'checked',
          drift: compareDescriptions(describeZodEntity(entity, definition), live, used[side]),
        });
      } catch (error) {
        reports.push({ ...base, status: 'failed', error: toIntegrationError(error).message, drift: [] });
      }
    }
  }
  return reports;
}

/**
 * Field-level differences between the expected and the live description of an entity.
 *
 * @example
 * compareDescriptions(expected, live, new Set(['industry']))
 * // [{ field: 'industry', change: 'retyped', detail: 'options added: "MINING"', used: true }]
 */
export function compareDescriptions(
  expected: EntityDescription,
  live: EntityDescription,
  used: ReadonlySet<string>,
): FieldDrift[] {
  const before = new Map(expected.fields.map((f) => [f.name, f]));
  const after = new Map(live.fields.map((f) => [f.name, f]));
  const drift: FieldDrift[] = [];
  for (const [name, field] of after) {
    const old = before.get(name);
    if (!old) drift.push({ field: name, change: 'added', detail: field.type, used: used.has(name) });
    else {
      const detail = retyped(old, field);
      if (detail) drift.push({ field: name, change: 'retyped', detail, used: used.has(name) });
    }
  }
  for (const name of before.keys()) {
    if (!after.has(name)) drift.push({ field: name, change: 'removed', used: used.has(name) });
  }
  return drift;
}

function retyped(old: FieldDescription, now: FieldDescription): string | undefined {
  // `unknown` means the shipped schema cannot tell; that is not drift.
  if (old.type !== now.type && old.type !== 'unknown' && now.type !== 'unknown') return `${old.type} -> ${now.type}`;
  if (old.options && now.options) {
    const added = now.options.filter((o) => !old.options!.includes(o));
    const removed = old.options.filter((o) => !now.options!.includes(o));
    const parts = [
      added.length ? `options added: ${added.map((o) => `"${o}"`).join(', ')}` : '',
      removed.length ? `options removed: ${removed.map((o) => `"${o}"`).join(', ')}` : '',
    ].filter(Boolean);
    if (parts.length) return parts.join('; ');
  }
  return undefined;
}
