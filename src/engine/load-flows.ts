import type { ConnectorRegistry } from '../connectors';
import type { FlowMapping } from '../mapping';
import type { Logger } from '../observability/logger';
import type { StateStores } from '../store';
import { bindFlows, type FlowRuntime } from './flow-runtime';
import { FlowSwitch } from './flow-switch';
import { loadFlowsForConnectors } from './load-flows-for-connectors';

/** The loaded mapping files as flows. */
export interface LoadedFlows {
  /** Every loaded mapping, enabled or not. */
  mappings: FlowMapping[];
  /** The flows their mapping files enable, bound to their connectors. */
  flows: FlowRuntime[];
  /** Every flow, including those the files disable: an admin's override may switch them on. */
  allFlows: FlowRuntime[];
  /** Runtime on/off per flow (stored overrides over the files' `enabled:`). */
  flowSwitch: FlowSwitch;
}

/**
 * Loads the mapping files of `dir` against the registry's entity schemas (skipping, with one
 * log line each, the flows whose entities the selected connectors lack), records their versions
 * (so a version named in history can be shown later) and binds them to the connectors.
 *
 * @example
 * const { flows, flowSwitch } = await loadFlows(env.MAPPINGS_DIR, registry, stores, log);
 */
export async function loadFlows(
  dir: string,
  registry: ConnectorRegistry,
  stores: Pick<StateStores, 'mappingVersions' | 'flowSettings'>,
  log: Pick<Logger, 'info'>,
): Promise<LoadedFlows> {
  const mappings = loadFlowsForConnectors(dir, registry, (message, data) => log.info(message, data));
  await stores.mappingVersions.record(
    mappings.map(({ loaded }) => ({
      flow: loaded.spec.flow,
      version: loaded.version,
      content: loaded.normalised,
      file: loaded.file,
    })),
  );
  const flowSwitch = new FlowSwitch(
    stores.flowSettings,
    Object.fromEntries(mappings.map((m) => [m.loaded.spec.flow, m.loaded.spec.enabled])),
  );
  return {
    mappings,
    flows: bindFlows(mappings, registry),
    allFlows: bindFlows(mappings, registry, { includeDisabled: true }),
    flowSwitch,
  };
}
