import type { FlowFile } from '../mapping/flow-schema';
import { type OwnershipTable, typeOf } from './ownership-table';

type Side = 'crm' | 'erp';

/** A refusal with the flow-file path it concerns, so callers can turn it into `file:line`. */
export interface OwnershipViolation {
  /** Path in the flow file (`['fields', 'creditLimit']`). */
  path: PropertyKey[];
  message: string;
}

/**
 * Checks one flow against the ownership table (pure). Refused: a flow whose source or target is
 * a `crm-only` type (tickets); a flow whose `ownership` disagrees with the table, i.e. that
 * would overwrite a field the target side owns or treat a source-owned field as the target's.
 * A `create-once` flow only creates: the record it creates belongs to its target from then on
 * (an accepted quote becomes the ERP's order), so only the crm-only rule applies to it.
 * `roleOf` says which side a connector instance is; flows on unknown sides are not checked.
 *
 * @example
 * checkFlowOwnership(spec, table, (c) => (c === 'crm' || c === 'erp' ? c : undefined))
 * // [{ path: ['source', 'entity'], message: 'ticket is crm-only ...' }]
 */
export function checkFlowOwnership(
  spec: FlowFile,
  table: Pick<OwnershipTable, 'types' | 'file' | 'source'>,
  roleOf: (connector: string) => Side | undefined,
): OwnershipViolation[] {
  const sourceSide = roleOf(spec.source.connector);
  const targetSide = roleOf(spec.target.connector);
  if (!sourceSide || !targetSide || sourceSide === targetSide) return [];
  const where = (name: string) => `${table.file}:${table.source.lineOf(['types', name])}`;
  const violations: OwnershipViolation[] = [];
  const sourceType = typeOf(table, sourceSide, spec.source.entity);
  const targetType = typeOf(table, targetSide, spec.target.entity);
  for (const [end, found] of [
    ['source', sourceType],
    ['target', targetType],
  ] as const) {
    if (found?.type.master === 'crm-only') {
      violations.push({
        path: [end, 'entity'],
        message: `${end} entity "${spec[end].entity}" is the ${found.name} type, which is crm-only and never synced (${where(found.name)})`,
      });
    }
  }
  if (violations.length || !targetType || spec.write === 'create-once') return violations;
  const { name, type } = targetType;
  const master = type.master as Side;
  const flowSideOf = (owner: 'source' | 'target'): Side => (owner === 'source' ? sourceSide : targetSide);
  if (flowSideOf(spec.ownership.master) !== master) {
    violations.push({
      path: spec.ownership.master === 'source' ? ['target', 'entity'] : ['ownership', 'master'],
      message: `ownership.master: the ${master} masters ${name} (${where(name)}); this flow's target is the ${targetSide}, so write master: ${master === sourceSide ? 'source' : 'target'}`,
    });
  }
  for (const field of Object.keys(spec.fields)) {
    const owner = type.fields[field] ?? master;
    const declared = spec.ownership.fields[field];
    const flowOwner = flowSideOf(declared ?? spec.ownership.master);
    if (flowOwner === owner && !(owner === targetSide && spec.write === 'update-only')) continue;
    if (flowOwner === owner) {
      // Target-owned fields are written on create only, and this flow never creates.
      violations.push({
        path: ['fields', field],
        message: `field ${field}: the ${owner} owns it (${where(name)}); this update-only flow would overwrite the ${owner}'s own value`,
      });
      continue;
    }
    const hint =
      owner === targetSide
        ? `it is written on create only if you declare ownership.fields.${field}: target`
        : `declare ownership.fields.${field}: source`;
    violations.push({
      path: declared ? ['ownership', 'fields', field] : ['fields', field],
      message: `field ${field}: the ${owner} owns it (${where(name)}) but this flow treats it as the ${flowOwner}'s; ${hint}`,
    });
  }
  return violations;
}
