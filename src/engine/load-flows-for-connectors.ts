import type { ConnectorRegistry } from '../connectors';
import { type FlowMapping, flowFilesIn, type LoadedFlow, loadFlowFile, loadMappings } from '../mapping';
import { entityCatalog } from './flow-runtime';

/** A flow left out because the configured connectors cannot run it. */
export interface SkippedFlow {
  flow: string;
  file: string;
  reason: string;
}

/**
 * Loads a mappings folder for the connectors this bridge runs with. A flow whose source or
 * target entity the selected connector does not have (the lead-to-cash flows when the CRM is a
 * CSV folder of companies and contacts) is skipped with one log line naming the flow and the
 * entity, and so is a flow that depends on a skipped one; the shipped folder then works with
 * any connector. Every other problem still fails the load, all of them at once.
 *
 * @example
 * const mappings = loadFlowsForConnectors('mappings', registry, (message, data) => log.info(message, data));
 */
export function loadFlowsForConnectors(
  dir: string,
  registry: ConnectorRegistry,
  log: (message: string, data: Record<string, unknown>) => void = () => {},
): FlowMapping[] {
  const files = flowFilesIn(dir);
  // Parsed without the catalog: only to learn each flow's entities. A file that does not parse
  // is kept, so the full load below reports it with its line.
  const flows = files.flatMap((path) => {
    const { flow } = loadFlowFile(path);
    return flow ? [{ path, flow }] : [];
  });
  const skipped = new Map<string, SkippedFlow>();
  for (const { flow } of flows) {
    const reason = missingEntity(flow, registry);
    if (reason) skipped.set(flow.spec.flow, { flow: flow.spec.flow, file: flow.file, reason });
  }
  // A flow that needs a skipped flow's links would wait for them forever.
  for (let changed = true; changed; ) {
    changed = false;
    for (const { flow } of flows) {
      const dependency = flow.spec.dependsOn.find((d) => skipped.has(d));
      if (skipped.has(flow.spec.flow) || !dependency) continue;
      skipped.set(flow.spec.flow, {
        flow: flow.spec.flow,
        file: flow.file,
        reason: `it depends on skipped flow "${dependency}"`,
      });
      changed = true;
    }
  }
  for (const s of skipped.values()) log(`flow "${s.flow}" skipped: ${s.reason}`, { ...s });
  const skippedFiles = new Set(flows.filter(({ flow }) => skipped.has(flow.spec.flow)).map(({ path }) => path));
  return loadMappings(
    dir,
    entityCatalog(registry),
    files.filter((path) => !skippedFiles.has(path)),
  );
}

function missingEntity(flow: LoadedFlow, registry: ConnectorRegistry): string | undefined {
  for (const side of ['source', 'target'] as const) {
    const { connector, entity } = flow.spec[side];
    // An unknown connector name is a mistake in the file, not a narrower connector: keep the flow
    // so the load reports it.
    const instance = registry.list().find((i) => i.name === connector);
    if (instance && !(entity in instance.definition.entities)) {
      return `connector "${connector}" (${instance.definition.id}) has no entity "${entity}"`;
    }
  }
  return undefined;
}
