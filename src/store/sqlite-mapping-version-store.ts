import type { StateDatabase } from './database';
import { findMappingVersion, listMappingVersions, recordMappingVersions } from './mapping-version-store';
import type { MappingVersionStore } from './mapping-version-types';

/**
 * {@link MappingVersionStore} on the embedded SQLite database (the functions of
 * mapping-version-store.ts behind the shared async interface).
 *
 * @example
 * await new SqliteMappingVersionStore(openDatabase('./data/bridge.db')).list('companies-to-customers');
 */
export class SqliteMappingVersionStore implements MappingVersionStore {
  constructor(private readonly state: StateDatabase) {}

  async record(versions: Parameters<MappingVersionStore['record']>[0]): Promise<void> {
    recordMappingVersions(this.state, versions);
  }

  async find(flow: string, version: string) {
    return findMappingVersion(this.state, flow, version);
  }

  async list(flow: string) {
    return listMappingVersions(this.state, flow);
  }
}
