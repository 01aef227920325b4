import { IntegrationError } from '../errors';
import type { ConnectorContext, ConnectorDefinition, ConnectorInstance, SystemRole } from './connector-types';

/**
 * Holds the connector packages the process knows, and the named instances built from them.
 * `main.ts` registers the definitions; nothing else in `src/` imports a concrete connector.
 *
 * @example
 * const registry = new ConnectorRegistry();
 * registry.register(mockCrm);
 * registry.instantiate('crm', 'crm', 'mock-crm', { baseUrl, token }, context);
 */
export class ConnectorRegistry {
  private readonly definitions = new Map<string, ConnectorDefinition>();
  private readonly instances = new Map<string, ConnectorInstance>();

  /** Adds a connector package; registering the same id twice is a programming error. */
  register(definition: ConnectorDefinition): this {
    if (this.definitions.has(definition.id)) throw new Error(`connector "${definition.id}" is already registered`);
    this.definitions.set(definition.id, definition);
    return this;
  }

  /** Connector packages, for the admin surface. */
  listDefinitions(): ConnectorDefinition[] {
    return [...this.definitions.values()];
  }

  /**
   * Builds a named instance (`crm`) of a connector package (`mock-crm`) after validating its
   * config; every config problem is reported at once.
   */
  instantiate(
    name: string,
    role: SystemRole,
    connectorId: string,
    rawConfig: unknown,
    context: ConnectorContext,
  ): ConnectorInstance {
    const definition = this.definitions.get(connectorId);
    if (!definition) {
      const known = [...this.definitions.keys()].join(', ') || 'none';
      throw new IntegrationError('config_invalid', `unknown connector "${connectorId}" (known: ${known})`);
    }
    const parsed = definition.configSchema.safeParse(rawConfig);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new IntegrationError('config_invalid', `connector "${name}" (${connectorId}): ${problems}`);
    }
    const instance: ConnectorInstance = { definition, name, role, methods: definition.methods(parsed.data, context) };
    this.instances.set(name, instance);
    return instance;
  }

  /** A named instance; throws a config error naming the known ones when missing. */
  get(name: string): ConnectorInstance {
    const instance = this.instances.get(name);
    if (!instance) {
      const known = [...this.instances.keys()].join(', ') || 'none';
      throw new IntegrationError('config_invalid', `no connector instance "${name}" (configured: ${known})`);
    }
    return instance;
  }

  /** All live instances. */
  list(): ConnectorInstance[] {
    return [...this.instances.values()];
  }

  /** Closes every instance's sockets. */
  async closeAll(): Promise<void> {
    await Promise.all(this.list().map((i) => i.methods.close?.()));
  }
}
