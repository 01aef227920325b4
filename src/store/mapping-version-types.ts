import type { StoredMappingVersion } from './mapping-version-store';

/**
 * Where the mapping versions the bridge loaded are kept, so a version named in history can be
 * shown and diffed later. Async so that the SQLite and PostgreSQL stores share it.
 */
export interface MappingVersionStore {
  /** Remembers these versions; a version already known keeps its first-seen time. */
  record(versions: readonly Omit<StoredMappingVersion, 'firstSeenAt'>[]): Promise<void>;
  /** A flow's version by full name or unique prefix (`1-ab12`). */
  find(flow: string, version: string): Promise<StoredMappingVersion | undefined>;
  /** Every stored version of a flow, newest first. */
  list(flow: string): Promise<StoredMappingVersion[]>;
}
