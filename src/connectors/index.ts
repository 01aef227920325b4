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
  EntityDescription,
  EntityMap,
  FieldDescription,
  FieldType,
  ListChangesInput,
  SystemRole,
  UpsertItem,
  UpsertResult,
} from './connector-types';
export { defineConnector, requireCapability } from './define-connector';
export { describeZodEntity } from './describe-zod-entity';
