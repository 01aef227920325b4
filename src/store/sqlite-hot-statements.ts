import type Database from 'better-sqlite3';
import type { SystemRole } from '../connectors';
import type { Xref } from './state-types';

interface XrefRow {
  kind: string;
  crm_id: string;
  erp_id: string;
  source_fingerprint: string | null;
  written_fingerprint: string | null;
  mapping_version: string | null;
  updated_at: number;
}

/**
 * Prepared statements for the per-record hot path (xref lookups and upserts, history inserts).
 * Building these through drizzle's query builder per record cost more CPU than the SQLite work
 * itself in the initial-load benchmark; the schema stays defined in drizzle.
 */
export class SqliteHotStatements {
  private readonly findByCrm: Database.Statement;
  private readonly findByErp: Database.Statement;
  private readonly upsertByCrm: Database.Statement;
  private readonly upsertByErp: Database.Statement;
  readonly insertHistory: Database.Statement;
  private readonly upsertAlso: Database.Statement;

  constructor(sqlite: Database.Database) {
    const select = `SELECT kind, crm_id, erp_id, source_fingerprint, written_fingerprint, mapping_version, updated_at
      FROM xrefs WHERE kind = ? AND`;
    this.findByCrm = sqlite.prepare(`${select} crm_id IN (SELECT value FROM json_each(?))`);
    this.findByErp = sqlite.prepare(`${select} erp_id IN (SELECT value FROM json_each(?))`);
    const insert = `INSERT INTO xrefs (kind, crm_id, erp_id, source_fingerprint, written_fingerprint, mapping_version,
        crm_slot, erp_slot, created_at, updated_at)
      VALUES (@kind, @crmId, @erpId, @sourceFingerprint, @writtenFingerprint, @mappingVersion, @crmSlot, @erpSlot, @now, @now)`;
    const set = `source_fingerprint = excluded.source_fingerprint, written_fingerprint = excluded.written_fingerprint,
      mapping_version = excluded.mapping_version, updated_at = excluded.updated_at`;
    // The source side's slot is always '' (see pair-slots.ts): the conflict is on its id.
    this.upsertByCrm = sqlite.prepare(
      `${insert} ON CONFLICT (kind, crm_id, crm_slot) DO UPDATE SET erp_id = excluded.erp_id, erp_slot = excluded.erp_slot, ${set}`,
    );
    this.upsertByErp = sqlite.prepare(
      `${insert} ON CONFLICT (kind, erp_id, erp_slot) DO UPDATE SET crm_id = excluded.crm_id, crm_slot = excluded.crm_slot, ${set}`,
    );
    // A moved pair (the deal's newer order) loses the fingerprints of the old one; the same pair keeps them.
    this.upsertAlso = sqlite.prepare(`INSERT INTO xrefs (kind, crm_id, erp_id, created_at, updated_at)
      VALUES (@kind, @crmId, @erpId, @now, @now)
      ON CONFLICT (kind, crm_id, crm_slot) DO UPDATE SET erp_id = excluded.erp_id, updated_at = excluded.updated_at,
        source_fingerprint = CASE WHEN erp_id = excluded.erp_id THEN source_fingerprint END,
        written_fingerprint = CASE WHEN erp_id = excluded.erp_id THEN written_fingerprint END,
        mapping_version = CASE WHEN erp_id = excluded.erp_id THEN mapping_version END`);
    this.insertHistory = sqlite.prepare(`INSERT INTO record_history
      (run_id, flow, source_id, target_id, action, before, after, mapping_version, error_code, error_message, at)
      VALUES (@runId, @flow, @sourceId, @targetId, @action, @before, @after, @mappingVersion, @errorCode, @errorMessage, @at)`);
  }

  /** Xrefs whose id on `side` is one of `ids`, keyed by that id. */
  find(kind: string, side: SystemRole, ids: readonly string[]): Map<string, Xref> {
    const rows = (side === 'crm' ? this.findByCrm : this.findByErp).all(kind, JSON.stringify(ids)) as XrefRow[];
    const found = new Map<string, Xref>();
    for (const r of rows) {
      found.set(side === 'crm' ? r.crm_id : r.erp_id, {
        kind: r.kind,
        crmId: r.crm_id,
        erpId: r.erp_id,
        sourceFingerprint: r.source_fingerprint,
        writtenFingerprint: r.written_fingerprint,
        mappingVersion: r.mapping_version,
        updatedAt: r.updated_at,
      });
    }
    return found;
  }

  /** Inserts or updates a pair, keyed on the source side's id. */
  upsert(
    sourceSide: SystemRole,
    row: {
      kind: string;
      crmId: string;
      erpId: string;
      sourceFingerprint: string;
      writtenFingerprint: string;
      mappingVersion: string;
      /** See {@link pairSlots}. */
      crmSlot: string;
      erpSlot: string;
      now: number;
    },
  ): void {
    (sourceSide === 'crm' ? this.upsertByCrm : this.upsertByErp).run(row);
  }

  /** Inserts or moves an `alsoLink` pair, keyed on the CRM id (see {@link PageCommit.alsoLinks}). */
  upsertAlsoLink(row: { kind: string; crmId: string; erpId: string; now: number }): void {
    this.upsertAlso.run(row);
  }
}
