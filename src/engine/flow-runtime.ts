import { type ConnectorInstance, type ConnectorRegistry, describeZodEntity, type SystemRole } from '../connectors';
import { IntegrationError } from '../errors';
import type { EntityCatalog, FlowMapping } from '../mapping';
import { durationMs } from '../mapping';
import type { CompiledMapping } from '../mapping/compile-mapping';
import type { FlowFile } from '../mapping/flow-schema';
import { checkFlowOwnership } from '../ownership/check-flow-ownership';

/** A flow bound to live connectors: everything the engine needs to run it. */
export interface FlowRuntime {
  name: string;
  spec: FlowFile;
  mapping: CompiledMapping;
  source: ConnectorInstance;
  target: ConnectorInstance;
  /** Xref kind pairing source and target records. */
  kind: string;
  sourceSide: SystemRole;
  /** Poll interval in ms, when the flow polls. */
  pollMs: number | undefined;
  /** The mapping file it was loaded from. */
  file?: string;
  /** The flow's `retry:` settings, when it has any (see flow-retry.ts). */
  retry?: FlowFile['retry'];
}

/**
 * Binds loaded mappings to connector instances; refuses flows whose source and target are the
 * same side, since the xref store could not tell their ids apart, and (`ownership_refused`)
 * flows the folder's ownership table forbids, such as any flow touching tickets.
 *
 * @example
 * const flows = bindFlows(loadMappings('mappings', entityCatalog(registry)), registry);
 */
export function bindFlows(
  mappings: FlowMapping[],
  registry: ConnectorRegistry,
  /** Bind flows whose file says `enabled: false` too (a runtime switch may turn them on). */
  options: { includeDisabled?: boolean } = {},
): FlowRuntime[] {
  return mappings
    .filter((m) => options.includeDisabled || m.loaded.spec.enabled)
    .map(({ loaded, mapping, ownership }) => {
      const spec = loaded.spec;
      const source = registry.get(spec.source.connector);
      const target = registry.get(spec.target.connector);
      if (source.role === target.role) {
        throw new IntegrationError('config_invalid', `${loaded.file}: source and target are both the ${source.role}`);
      }
      // Defence in depth: the loader checked names, this checks the connectors' real sides.
      const refused = ownership ? checkFlowOwnership(spec, ownership, (c) => registry.get(c).role) : [];
      if (refused.length) {
        const where = (path: PropertyKey[]) => `${loaded.file}:${loaded.source.lineOf(path)}`;
        throw new IntegrationError(
          'ownership_refused',
          refused.map((v) => `${where(v.path)}: ${v.message}`).join('\n'),
          { details: { flow: spec.flow, violations: refused } },
        );
      }
      return {
        name: spec.flow,
        file: loaded.file,
        spec,
        mapping,
        source,
        target,
        kind: spec.link,
        sourceSide: source.role,
        pollMs: spec.trigger.poll ? durationMs(spec.trigger.poll) : undefined,
        ...(spec.retry ? { retry: spec.retry } : {}),
      };
    });
}

/**
 * Lets the mapping loader check fields against the registered connectors' schemas: names,
 * types, picklist values, and required and read-only fields.
 *
 * @example
 * loadMappings('mappings', entityCatalog(registry));
 */
export function entityCatalog(registry: ConnectorRegistry): EntityCatalog {
  return (connector, entity) => {
    const instance = registry.list().find((i) => i.name === connector);
    if (!instance) {
      const known = registry
        .list()
        .map((i) => i.name)
        .join(', ');
      return { ok: false, reason: `no connector named "${connector}" (configured: ${known})` };
    }
    const definition = instance.definition.entities[entity];
    if (!definition) {
      const known = Object.keys(instance.definition.entities).join(', ');
      return { ok: false, reason: `connector "${connector}" has no entity "${entity}" (it has: ${known})` };
    }
    const description = describeZodEntity(entity, definition);
    return { ok: true, fields: description.fields.map((f) => f.name), description };
  };
}
