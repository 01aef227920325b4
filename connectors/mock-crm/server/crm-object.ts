/** An object as the store holds it and the API returns it (HubSpot's v3 object shape). */
export interface CrmObject {
  /** Numeric string id, unique across all object types of one store. */
  id: string;
  /** HubSpot returns every property value as a string, or null when unset. */
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/** What `CrmStore.snapshot()` returns and `CrmStore.fromSnapshot()` accepts (JSON-safe). */
export interface CrmSnapshot {
  version: 1;
  nextId: number;
  clock: number;
  objects: Record<string, CrmObject[]>;
  /** Each association once: [fromType, fromId, toType, toId]. */
  associations: Array<[string, string, string, string]>;
}

/**
 * One change of one object, as the store reports it to change listeners (the webhook
 * dispatcher). `properties` holds the new values of what changed (all of them on creation).
 */
export interface CrmChange {
  kind: 'creation' | 'propertyChange' | 'deletion' | 'merge';
  /** Object type (`companies`). */
  type: string;
  id: string;
  /** Epoch ms of the write. */
  at: number;
  properties?: Record<string, string | null>;
  /** Merge only: the object merged into `id` (now archived). */
  mergedId?: string;
}
