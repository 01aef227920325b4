import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IntegrationError } from '../errors';
import { checkFlowOwnership } from '../ownership/check-flow-ownership';
import { loadOwnershipTable, OWNERSHIP_FILE, type OwnershipTable } from '../ownership/ownership-table';
import { type CompiledMapping, compileMapping } from './compile-mapping';
import { type EntityCatalog, type LoadedFlow, loadFlowFile, type MappingProblem } from './load-flow-file';

/** A flow file together with its compiled mapping. */
export interface FlowMapping {
  loaded: LoadedFlow;
  mapping: CompiledMapping;
  /** The folder's `ownership.yaml`, when it has one; the engine checks the flow against it again. */
  ownership?: OwnershipTable;
}

/** Every problem of every mapping file, reported together. */
export class MappingFilesInvalidError extends IntegrationError {
  readonly problems: MappingProblem[];
  constructor(problems: MappingProblem[]) {
    const lines = problems.map((p) => `  ${formatProblem(p)}`);
    super('mapping_invalid', `invalid mapping files:\n${lines.join('\n')}`, { details: { problems } });
    this.problems = problems;
  }
}

/**
 * Prints a problem the way editors and CI annotate: `file:line:col: message`.
 *
 * @example
 * formatProblem({ file: 'mappings/a.yaml', line: 12, col: 5, message: 'unknown transform "x"' })
 * // 'mappings/a.yaml:12:5: unknown transform "x"'
 */
export function formatProblem(p: MappingProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/**
 * Validates every `*.yaml` flow in a folder without compiling: all problems of all files,
 * and the flows that parsed. `bridge mappings validate` and {@link loadMappings} use it.
 *
 * @example
 * const { flows, problems } = validateMappings(['mappings/a.yaml'], catalog);
 */
export function validateMappings(
  paths: string[],
  catalog?: EntityCatalog,
  /** Flows that exist besides `paths` (one file of a folder validated alone), for `dependsOn`. */
  otherFlows: readonly string[] = [],
): { flows: LoadedFlow[]; problems: MappingProblem[]; ownership?: OwnershipTable } {
  const problems: MappingProblem[] = [];
  const flows: LoadedFlow[] = [];
  const tables = new Map<string, OwnershipTable | undefined>();
  for (const path of paths) {
    const result = loadFlowFile(path, catalog);
    problems.push(...result.problems);
    if (!result.flow) continue;
    flows.push(result.flow);
    const dir = dirname(path);
    if (!tables.has(dir)) {
      const table = ownershipTableIn(dir);
      problems.push(...table.problems);
      tables.set(dir, table.table);
    }
    const table = tables.get(dir);
    if (table) problems.push(...ownershipProblems(result.flow, table));
  }
  problems.push(...checkFlowGraph(flows, new Set(otherFlows)));
  return {
    flows,
    problems,
    ...(tables.size === 1 && [...tables.values()][0] ? { ownership: [...tables.values()][0] } : {}),
  };
}

/**
 * Reads the `ownership.yaml` of a mappings folder, if there is one.
 *
 * @example
 * const { table, problems } = ownershipTableIn('mappings');
 */
export function ownershipTableIn(dir: string): { table?: OwnershipTable; problems: MappingProblem[] } {
  const path = join(dir, OWNERSHIP_FILE);
  return existsSync(path) ? loadOwnershipTable(path) : { problems: [] };
}

// At load the connectors' roles are not known yet: instances are named after their side.
const roleByName = (connector: string) => (connector === 'crm' || connector === 'erp' ? connector : undefined);

function ownershipProblems(flow: LoadedFlow, table: OwnershipTable): MappingProblem[] {
  return checkFlowOwnership(flow.spec, table, roleByName).map((v) => ({
    file: flow.file,
    ...flow.source.positionOf(v.path),
    message: v.message,
  }));
}

/** The flow files of a mappings folder, sorted. */
export function flowFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && f !== OWNERSHIP_FILE)
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Loads, validates and compiles every `*.yaml` flow in a folder, in dependency order.
 * Throws {@link MappingFilesInvalidError} listing all problems when any file is wrong.
 *
 * @example
 * const flows = loadMappings('mappings', catalog);
 */
export function loadMappings(
  dir: string,
  catalog?: EntityCatalog,
  /** The folder's files to load (all of them unless a caller leaves some out). */
  paths: string[] = flowFilesIn(dir),
): FlowMapping[] {
  const { flows: loaded, problems, ownership } = validateMappings(paths, catalog);
  if (problems.length) throw new MappingFilesInvalidError(problems);
  return orderByDependencies(loaded).map((l) => ({
    loaded: l,
    mapping: compileMapping(l),
    ...(ownership ? { ownership } : {}),
  }));
}

function checkFlowGraph(flows: LoadedFlow[], otherFlows: ReadonlySet<string>): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const byName = new Map<string, LoadedFlow>();
  for (const flow of flows) {
    const other = byName.get(flow.spec.flow);
    if (other) {
      problems.push({
        file: flow.file,
        ...flow.source.positionOf(['flow']),
        message: `flow name "${flow.spec.flow}" is also used by ${other.file}`,
      });
    }
    byName.set(flow.spec.flow, flow);
  }
  for (const flow of flows) {
    flow.spec.dependsOn.forEach((dep, i) => {
      if (!byName.has(dep) && !otherFlows.has(dep)) {
        problems.push({
          file: flow.file,
          ...flow.source.positionOf(['dependsOn', i]),
          message: `dependsOn: no flow named "${dep}"`,
        });
      }
    });
  }
  return problems;
}

function orderByDependencies(flows: LoadedFlow[]): LoadedFlow[] {
  const byName = new Map(flows.map((f) => [f.spec.flow, f]));
  const ordered: LoadedFlow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (flow: LoadedFlow, chain: string[]) => {
    const mark = state.get(flow.spec.flow);
    if (mark === 'done') return;
    if (mark === 'visiting') {
      const cycle = [...chain, flow.spec.flow].join(' -> ');
      throw new MappingFilesInvalidError([
        { file: flow.file, ...flow.source.positionOf(['dependsOn']), message: `dependency cycle: ${cycle}` },
      ]);
    }
    state.set(flow.spec.flow, 'visiting');
    for (const dep of flow.spec.dependsOn) visit(byName.get(dep)!, [...chain, flow.spec.flow]);
    state.set(flow.spec.flow, 'done');
    ordered.push(flow);
  };
  for (const flow of flows) visit(flow, []);
  return ordered;
}
