import type { StateDatabase } from './database';

/** One stored mapping version. */
export interface StoredMappingVersion {
  flow: string;
  version: string;
  /** Canonical JSON of the flow and its lookup tables. */
  content: string;
  file: string;
  firstSeenAt: number;
}

/**
 * Remembers the mapping versions just loaded (idempotent: a version already known keeps its
 * first-seen time), so a version named in history can be shown and diffed later.
 *
 * @example
 * recordMappingVersions(state, [{ flow: 'companies-to-customers', version: '1-ab12cd34', content, file }]);
 */
export function recordMappingVersions(
  state: StateDatabase,
  versions: readonly Omit<StoredMappingVersion, 'firstSeenAt'>[],
): void {
  const insert = state.sqlite.prepare(
    'INSERT OR IGNORE INTO mapping_versions (flow, version, content, file) VALUES (@flow, @version, @content, @file)',
  );
  state.sqlite.transaction(() => {
    for (const v of versions) insert.run(v);
  })();
}

/**
 * Finds a stored version of a flow by its full version or a unique prefix (`1-ab12`).
 *
 * @example
 * findMappingVersion(state, 'companies-to-customers', '1-ab12')?.content
 */
export function findMappingVersion(
  state: StateDatabase,
  flow: string,
  version: string,
): StoredMappingVersion | undefined {
  const rows = state.sqlite
    .prepare(
      `SELECT flow, version, content, file, first_seen_at AS firstSeenAt FROM mapping_versions
       WHERE flow = ? AND (version = ? OR version LIKE ? ESCAPE '\\') ORDER BY first_seen_at DESC LIMIT 2`,
    )
    .all(flow, version, `${version.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as StoredMappingVersion[];
  return rows.find((r) => r.version === version) ?? (rows.length === 1 ? rows[0] : undefined);
}

/**
 * Every stored version of a flow, newest first.
 *
 * @example
 * listMappingVersions(state, 'companies-to-customers').map((v) => v.version)
 */
export function listMappingVersions(state: StateDatabase, flow: string): StoredMappingVersion[] {
  return state.sqlite
    .prepare(
      'SELECT flow, version, content, file, first_seen_at AS firstSeenAt FROM mapping_versions WHERE flow = ? ORDER BY first_seen_at DESC',
    )
    .all(flow) as StoredMappingVersion[];
}
