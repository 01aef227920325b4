import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MappingProblem } from '../mapping/load-flow-file';
import { parseYamlSource, syntaxProblems, type YamlSource } from '../mapping/yaml-source';

const Side = z.enum(['crm', 'erp']);

/** File name of the ownership table inside a mappings folder; it is not a flow. */
export const OWNERSHIP_FILE = 'ownership.yaml';

/** One record type of the ownership table (DESIGN.md section 1). */
export const OwnedType = z.strictObject({
  /** System of record; `crm-only` types are never synced and flows touching them are refused. */
  master: z.enum(['crm', 'erp', 'crm-only']),
  /** Entity name on the CRM side (`company`). */
  crm: z.string().min(1).optional(),
  /** Entity name on the ERP side (`customer`). */
  erp: z.string().min(1).optional(),
  /** Field-level exceptions: field name (the system's own) -> owning side. */
  fields: z.record(z.string(), Side).default({}),
});
export type OwnedType = z.infer<typeof OwnedType>;

/** `mappings/ownership.yaml`: every record type with its master and field exceptions. */
export const OwnershipTableFile = z.strictObject({ types: z.record(z.string(), OwnedType) });

/** A validated ownership table that can still name the line of each type. */
export interface OwnershipTable {
  file: string;
  types: Record<string, OwnedType>;
  source: YamlSource;
}

/**
 * Parses and validates the ownership table; problems name `file:line:col`.
 *
 * @example
 * const { table, problems } = loadOwnershipTable('mappings/ownership.yaml');
 */
export function loadOwnershipTable(
  file: string,
  text = readFileSync(file, 'utf8'),
): { table?: OwnershipTable; problems: MappingProblem[] } {
  const source = parseYamlSource(file, text);
  if (source.syntaxErrors.length) return { problems: syntaxProblems(source) };
  const parsed = OwnershipTableFile.safeParse(source.value);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        file,
        ...source.positionOf(issue.path),
        message: `${issue.path.join('.') || '(file)'}: ${issue.message}`,
      })),
    };
  }
  const problems: MappingProblem[] = [];
  const seen = new Map<string, string>();
  for (const [name, type] of Object.entries(parsed.data.types)) {
    for (const side of ['crm', 'erp'] as const) {
      const entity = type[side];
      if (!entity) continue;
      const other = seen.get(`${side}:${entity}`);
      // One entity, one owner: two types claiming it would make the checks order-dependent.
      if (other) {
        problems.push({
          file,
          ...source.positionOf(['types', name, side]),
          message: `${side} entity "${entity}" is already listed under "${other}"`,
        });
      }
      seen.set(`${side}:${entity}`, name);
    }
    if (type.master === 'crm-only' && type.erp) {
      problems.push({
        file,
        ...source.positionOf(['types', name, 'erp']),
        message: `${name} is crm-only: it has no ERP entity`,
      });
    }
  }
  return problems.length ? { problems } : { table: { file, types: parsed.data.types, source }, problems };
}

/**
 * The record type holding `entity` on `side`, with its name.
 *
 * @example
 * typeOf(table, 'erp', 'customer') // { name: 'company', type: { master: 'crm', ... } }
 */
export function typeOf(
  table: Pick<OwnershipTable, 'types'>,
  side: 'crm' | 'erp',
  entity: string,
): { name: string; type: OwnedType } | undefined {
  for (const [name, type] of Object.entries(table.types)) if (type[side] === entity) return { name, type };
  return undefined;
}
