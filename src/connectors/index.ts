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
  WebhookEventKind,
  WebhookRegistration,
} from './connector-types';
export { defineConnector, requireCapability } from './define-connector';
export { describeZodEntity } from './describe-zod-entity';
export { RedisTokenBucket } from './rate-limit/redis-token-bucket';
export { TokenBucket } from './rate-limit/token-bucket';
export type { RateLimiter } from './rate-limiter';
