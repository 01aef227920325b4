import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IntegrationError } from '../errors';
import { type CompiledMapping, compileMapping } from './compile-mapping';
import { type EntityCatalog, type LoadedFlow, loadFlowFile, type MappingProblem } from './load-flow-file';

/** A flow file together with its compiled mapping. */
export interface FlowMapping {
  loaded: LoadedFlow;
  mapping: CompiledMapping;
}

/** Every problem of every mapping file, reported together. */
export class MappingFilesInvalidError extends IntegrationError {
  readonly problems: MappingProblem[];
  constructor(problems: MappingProblem[]) {
    const lines = problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`);
    super('mapping_invalid', `invalid mapping files:\n${lines.join('\n')}`, { details: { problems } });
    this.problems = problems;
  }
}

/**
 * Loads, validates and compiles every `*.yaml` flow in a folder, in dependency order.
 * Throws {@link MappingFilesInvalidError} listing all problems when any file is wrong.
 *
 * @example
 * const flows = loadMappings('mappings', catalog);
 */
export function loadMappings(dir: string, catalog?: EntityCatalog): FlowMapping[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const problems: MappingProblem[] = [];
  const loaded: LoadedFlow[] = [];
  for (const name of files) {
    const result = loadFlowFile(join(dir, name), catalog);
    problems.push(...result.problems);
    if (result.flow) loaded.push(result.flow);
  }
  problems.push(...checkFlowGraph(loaded));
  if (problems.length) throw new MappingFilesInvalidError(problems);
  return orderByDependencies(loaded).map((l) => ({ loaded: l, mapping: compileMapping(l) }));
}

function checkFlowGraph(flows: LoadedFlow[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const byName = new Map<string, LoadedFlow>();
  for (const flow of flows) {
    const other = byName.get(flow.spec.flow);
    if (other) {
      problems.push({
        file: flow.file,
        line: flow.source.lineOf(['flow']),
        message: `flow name "${flow.spec.flow}" is also used by ${other.file}`,
      });
    }
    byName.set(flow.spec.flow, flow);
  }
  for (const flow of flows) {
    flow.spec.dependsOn.forEach((dep, i) => {
      if (!byName.has(dep)) {
        problems.push({
          file: flow.file,
          line: flow.source.lineOf(['dependsOn', i]),
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
        { file: flow.file, line: flow.source.lineOf(['dependsOn']), message: `dependency cycle: ${cycle}` },
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
