import type { z } from 'zod';
import type { Capability, ConnectorDefinition, ConnectorMethods, EntityMap } from './connector-types';

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * Declares a connector. Checks the manifest once at import time so a typo in a connector
 * fails the build instead of a sync at 3 a.m., and wraps `methods` so that an instance
 * missing a method for a declared capability is refused.
 *
 * @example
 * export const mockCrm = defineConnector({
 *   id: 'mock-crm', version: '0.1.0',
 *   entities: { company: { label: 'Company', schema: Company } },
 *   capabilities: ['listChanges', 'upsertBatch'],
 *   configSchema: z.object({ baseUrl: z.string().url() }),
 *   methods: (config) => createCrmClient(config),
 * });
 */
export function defineConnector<C extends z.ZodType, E extends EntityMap>(
  definition: ConnectorDefinition<C, E>,
): ConnectorDefinition<C, E> {
  if (!ID_PATTERN.test(definition.id)) {
    throw new Error(`connector id "${definition.id}" must be kebab-case (a-z, 0-9, -)`);
  }
  if (!SEMVER.test(definition.version)) {
    throw new Error(`connector ${definition.id}: version "${definition.version}" is not semver`);
  }
  if (Object.keys(definition.entities).length === 0) {
    throw new Error(`connector ${definition.id}: declares no entities`);
  }
  const declared = new Set<Capability>(definition.capabilities);
  const build = definition.methods;
  return {
    ...definition,
    methods: (config, context) => {
      const methods = build(config, context);
      assertCapabilities(definition.id, declared, methods);
      return methods;
    },
  };
}

const METHOD_OF = {
  listChanges: 'listChanges',
  readByIds: 'readByIds',
  upsertBatch: 'upsertBatch',
  searchByKeys: 'searchByKeys',
  describeSchema: 'describeEntity',
  archive: 'archiveByIds',
} as const satisfies Record<Exclude<Capability, 'webhooks'>, keyof ConnectorMethods>;

/** Capabilities {@link requireCapability} can hand out as a method. */
type CallableCapability = Exclude<Capability, 'webhooks' | 'describeSchema'>;

function assertCapabilities(id: string, declared: Set<Capability>, methods: ConnectorMethods): void {
  for (const [capability, method] of Object.entries(METHOD_OF)) {
    const has = typeof methods[method] === 'function';
    if (declared.has(capability as Capability) && !has) {
      throw new Error(`connector ${id}: declares "${capability}" but does not implement ${method}()`);
    }
    if (!declared.has(capability as Capability) && has) {
      throw new Error(`connector ${id}: implements ${method}() but does not declare "${capability}"`);
    }
  }
}

/**
 * Narrows an instance's optional method to a callable one, with a clear error otherwise.
 *
 * @example
 * const list = requireCapability(instance, 'listChanges');
 * const archive = requireCapability(instance, 'archive'); // archiveByIds
 */
export function requireCapability<K extends CallableCapability>(
  instance: { name: string; methods: ConnectorMethods },
  capability: K,
): NonNullable<ConnectorMethods[(typeof METHOD_OF)[K]]> {
  const method = instance.methods[METHOD_OF[capability]];
  if (typeof method !== 'function') {
    throw new Error(`connector "${instance.name}" cannot ${capability}`);
  }
  return method.bind(instance.methods) as NonNullable<ConnectorMethods[(typeof METHOD_OF)[K]]>;
}
