import { and, desc, eq, like, or, sql } from 'drizzle-orm';
import type { StoredMappingVersion } from '../mapping-version-store';
import type { MappingVersionStore } from '../mapping-version-types';
import type { PostgresDatabase } from './open-postgres-database';
import { mappingVersions } from './schema';

/**
 * {@link MappingVersionStore} on PostgreSQL: one multi-row insert per start-up, versions
 * already known left untouched (so concurrent start-ups of api and workers agree).
 *
 * @example
 * await new PostgresMappingVersionStore(state).find('companies-to-customers', '1-ab12');
 */
export class PostgresMappingVersionStore implements MappingVersionStore {
  constructor(private readonly state: PostgresDatabase) {}

  async record(versions: readonly Omit<StoredMappingVersion, 'firstSeenAt'>[]): Promise<void> {
    if (versions.length === 0) return;
    await this.state.db
      .insert(mappingVersions)
      .values([...versions])
      .onConflictDoNothing();
  }

  async find(flow: string, version: string): Promise<StoredMappingVersion | undefined> {
    const prefix = `${version.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.state.db
      .select()
      .from(mappingVersions)
      .where(
        and(
          eq(mappingVersions.flow, flow),
          or(eq(mappingVersions.version, version), like(mappingVersions.version, sql`${prefix}`)),
        ),
      )
      .orderBy(desc(mappingVersions.firstSeenAt))
      .limit(2);
    return rows.find((r) => r.version === version) ?? (rows.length === 1 ? rows[0] : undefined);
  }

  async list(flow: string): Promise<StoredMappingVersion[]> {
    return this.state.db
      .select()
      .from(mappingVersions)
      .where(eq(mappingVersions.flow, flow))
      .orderBy(desc(mappingVersions.firstSeenAt));
  }
}
