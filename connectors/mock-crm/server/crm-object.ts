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
