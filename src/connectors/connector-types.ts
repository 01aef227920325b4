import type { z } from 'zod';

/**
 * A record as every connector hands it to the engine: the system's id, its last-modified
 * time, and its fields flattened to one level (HubSpot `properties`, Business Central
 * top-level fields). Mappings read and write `fields`.
 */
export interface ConnectorRecord {
  /** The system's own id (HubSpot numeric id, Business Central GUID). */
  id: string;
  /** ISO-8601 last-modified time as the system reports it. */
  updatedAt: string;
  /** Field values keyed by the system's field names. */
  fields: Record<string, unknown>;
  /** Optimistic-concurrency token (`@odata.etag`), when the system has one. */
  etag?: string;
  /** Associated record ids by entity, e.g. `{ company: ['101'] }`. */
  associations?: Record<string, string[]>;
  /**
   * True when the system archived (soft-deleted) the record; `listChanges` reports archives made
   * at or after `since` so flows can block, archive or ignore the target (decision 010).
   */
  archived?: boolean;
  /**
   * Ids of records of the same entity that the system merged into this one (HubSpot's
   * `hs_merged_object_ids` on the survivor); the engine moves their links to this record.
   */
  mergedIds?: string[];
}

/** Describes one entity a connector can read or write. */
export interface EntityDefinition<S extends z.ZodType = z.ZodType> {
  /** Zod schema of `ConnectorRecord.fields` as the system returns them. */
  schema: S;
  /** Human name shown in the admin surface ("Company"). */
  label: string;
  /** Fields usable by `searchByKeys`, e.g. `['email', 'domain']`. */
  searchKeys?: readonly string[];
  /** Field the target stores our source reference in, used to resolve ambiguous creates. */
  externalRefField?: string;
  /**
   * Fields a create must set (non-empty). Optional: the zod schema describes what the system
   * returns, which says nothing about what a write needs. Mapping validation reports required
   * fields a flow leaves unmapped.
   */
  requiredFields?: readonly string[];
  /** Fields the system assigns itself (ids, numbers, timestamps); a mapping must not write them. */
  readOnlyFields?: readonly string[];
}

/** Value type of one field as a connector describes it; `unknown` when it cannot tell. */
export type FieldType = 'string' | 'number' | 'boolean' | 'datetime' | 'enumeration' | 'array' | 'object' | 'unknown';

/** One field of an entity, as {@link ConnectorMethods.describeEntity} reports it. */
export interface FieldDescription {
  name: string;
  type: FieldType;
  /** Human label, when the system has one (HubSpot `label`). */
  label?: string;
  /** Known values of a picklist (`enumeration`). */
  options?: readonly string[];
  nullable?: boolean;
  /** A create must set it. */
  required?: boolean;
  /** The system assigns it; writes are refused. */
  readOnly?: boolean;
}

/** The fields of one entity, as the system says they are now (used by schema-drift checks). */
export interface EntityDescription {
  entity: string;
  fields: FieldDescription[];
}

/** A map from entity name (`company`, `customer`) to its definition. */
export type EntityMap = Record<string, EntityDefinition>;

/**
 * What a connector can do; the engine only calls methods whose capability is declared.
 * `archive` is {@link ConnectorMethods.archiveByIds} (flows with `archive: archive`, decision 010).
 */
export type Capability =
  | 'listChanges'
  | 'readByIds'
  | 'upsertBatch'
  | 'searchByKeys'
  | 'webhooks'
  | 'describeSchema'
  | 'archive';

/** One page of changes returned by {@link ConnectorMethods.listChanges}. */
export interface ChangePage {
  records: ConnectorRecord[];
  /** Token for the next page of the same query; absent on the last page. */
  nextPageToken?: string;
}

/** Input of {@link ConnectorMethods.listChanges}. */
export interface ListChangesInput {
  entity: string;
  /**
   * Lower bound (inclusive) on `updatedAt`, ISO-8601; null means everything (initial load).
   * Inclusive bounds re-deliver the boundary records; the engine recognises them as unchanged.
   */
  since: string | null;
  /** Token from the previous page, if any. */
  pageToken?: string;
  /** Page size hint; the connector may cap it. */
  limit?: number;
}

/** One record to create or update. */
export interface UpsertItem {
  /** Caller's correlation key, echoed in the result (usually the source record id). */
  key: string;
  /** Target id when the record exists (update); absent to create. */
  id?: string;
  /** Fields to write. */
  fields: Record<string, unknown>;
  /** `If-Match` value for updates; omit to overwrite unconditionally. */
  etag?: string;
}

/** Per-item outcome of {@link ConnectorMethods.upsertBatch}; one failed item never fails the rest. */
export type UpsertResult =
  | { key: string; ok: true; action: 'created' | 'updated'; record: ConnectorRecord }
  | { key: string; ok: false; error: import('../errors').IntegrationError };

/** The methods a connector instance implements, one per declared capability. */
export interface ConnectorMethods {
  /**
   * Pages through records changed at or after `since`, oldest first within a page. Across pages
   * the order is free (a streamed file comes in file order): the engine saves the greatest
   * `updatedAt` it saw only after the last page.
   */
  listChanges?(input: ListChangesInput): Promise<ChangePage>;
  /** Reads records by id; ids that do not exist are left out of the result. */
  readByIds?(entity: string, ids: readonly string[]): Promise<ConnectorRecord[]>;
  /** Creates or updates records; never throws for a single bad item (see {@link UpsertResult}). */
  upsertBatch?(entity: string, items: readonly UpsertItem[]): Promise<UpsertResult[]>;
  /** Finds records whose key fields equal any of the given values (OR across keys). */
  searchByKeys?(entity: string, keys: Record<string, string>): Promise<ConnectorRecord[]>;
  /**
   * Archives (soft-deletes) records by id (capability `archive`). One result per id, in id
   * order, `key` = the id; a success is `action: 'updated'` with `record.archived = true`.
   * Archiving an id that is already archived or unknown succeeds, as HubSpot answers it.
   *
   * @example
   * const [result] = await instance.methods.archiveByIds?.('deal', ['1042']) ?? [];
   */
  archiveByIds?(entity: string, ids: readonly string[]): Promise<UpsertResult[]>;
  /**
   * Describes an entity's fields as the live system reports them (capability `describeSchema`).
   * Optional: connectors without it are checked against their static entity schemas only.
   *
   * @example
   * const live = await instance.methods.describeEntity?.('company');
   */
  describeEntity?(entity: string): Promise<EntityDescription>;
  /**
   * Points the system's webhooks at `targetUrl` and makes sure the given subscriptions exist
   * (capability `webhooks`); idempotent, so it runs on every start. Deliveries are signed with
   * a secret the system and the bridge share out of band (`CRM_WEBHOOK_SECRET`).
   *
   * @example
   * await crm.methods.registerWebhooks?.({ targetUrl: 'https://bridge.example.com/webhooks/crm', subscriptions: [{ entity: 'company', event: 'propertyChange' }] });
   */
  registerWebhooks?(input: WebhookRegistration): Promise<void>;
  /** Cheap authenticated call proving the system is reachable with these credentials. */
  health(): Promise<{ ok: boolean; detail?: string }>;
  /** Releases sockets and timers. */
  close?(): Promise<void>;
}

/** A change event a system can notify (HubSpot's webhook event types). */
export type WebhookEventKind = 'creation' | 'propertyChange' | 'deletion' | 'merge';

/** Input of {@link ConnectorMethods.registerWebhooks}. */
export interface WebhookRegistration {
  /** Public URL of the bridge's intake for this system, e.g. `https://bridge.example.com/webhooks/crm`. */
  targetUrl: string;
  /** One per entity and event; `property` narrows a propertyChange to one field. */
  subscriptions: { entity: string; event: WebhookEventKind; property?: string }[];
}

/** Services the runtime hands to a connector instance. */
export interface ConnectorContext {
  /** Structured logger; never pass secrets to it. */
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  /** Request budget shared by every worker using this instance; HTTP layers honour it when given. */
  rateLimiter?: import('./rate-limiter').RateLimiter;
}

/** A connector package: its manifest plus the factory that builds an instance from config. */
export interface ConnectorDefinition<C extends z.ZodType = z.ZodType, E extends EntityMap = EntityMap> {
  /** Stable id used in mapping files (`mock-crm`). */
  id: string;
  /** Semver of the connector package. */
  version: string;
  entities: E;
  capabilities: readonly Capability[];
  /** Zod schema of the instance configuration (base URL, token env var, ...). */
  configSchema: C;
  /** Builds an instance; called once per configured connection. */
  methods: (config: z.infer<C>, context: ConnectorContext) => ConnectorMethods;
}

/** The two sides of every cross-reference: the CRM and the ERP. */
export type SystemRole = 'crm' | 'erp';

/** A live connector: the manifest, its validated config and the bound methods. */
export interface ConnectorInstance {
  definition: ConnectorDefinition;
  /** Instance name from configuration (`crm`, `erp`). */
  name: string;
  /** Which side of the cross-reference store this instance's ids live in. */
  role: SystemRole;
  methods: ConnectorMethods;
}
