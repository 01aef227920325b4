export { ConnectorRegistry } from './connector-registry';
export type {
  Capability,
  ChangePage,
  ConnectorContext,
  ConnectorDefinition,
  ConnectorInstance,
  ConnectorMethods,
  ConnectorRecord,
  EntityDefinition,
  EntityMap,
  ListChangesInput,
  SystemRole,
  UpsertItem,
  UpsertResult,
} from './connector-types';
export { defineConnector, requireCapability } from './define-connector';
