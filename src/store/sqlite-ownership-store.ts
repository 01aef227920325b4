import type Database from 'better-sqlite3';
import type { SystemRole } from '../connectors';
import { IntegrationError } from '../errors';
import { conflictFromRow } from './conflict-from-row';
import { conflictRules } from './conflict-rules';
import type {
  Conflict,
  ConflictDecision,
  EchoWrite,
  FlowSnapshot,
  NewConflict,
  OwnershipStore,
} from './ownership-types';

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
const parse = (v: unknown) => (v === null || v === undefined ? null : JSON.parse(String(v)));

/**
 * {@link OwnershipStore} on the embedded SQLite database (tables in schema/ownership-tables.ts).
 * Plain prepared statements: snapshots and echoes are read and written per page on the hot path.
 *
 * @example
 * const ownership = new SqliteOwnershipStore(openDatabase(path).sqlite);
 */
export class SqliteOwnershipStore implements OwnershipStore {
  constructor(private readonly sqlite: Database.Database) {}

  async snapshots(flow: string, sourceIds: readonly string[]): Promise<Map<string, FlowSnapshot>> {
    const rows = this.sqlite
      .prepare(`SELECT * FROM flow_snapshots WHERE flow = ? AND source_id IN (SELECT value FROM json_each(?))`)
      .all(flow, JSON.stringify(sourceIds)) as Record<string, unknown>[];
    return new Map(
      rows.map((r) => [
        String(r.source_id),
        {
          sourceId: String(r.source_id),
          targetId: String(r.target_id),
          values: parse(r.values) ?? {},
          accepted: parse(r.accepted) ?? {},
          sourceFingerprint: (r.source_fingerprint as string | null) ?? null,
          writtenFingerprint: (r.written_fingerprint as string | null) ?? null,
        },
      ]),
    );
  }

  async echoes(system: SystemRole, entity: string, ids: readonly string[]): Promise<Map<string, EchoWrite>> {
    const rows = this.sqlite
      .prepare(
        `SELECT * FROM echo_writes WHERE system = ? AND entity = ? AND record_id IN (SELECT value FROM json_each(?))`,
      )
      .all(system, entity, JSON.stringify(ids)) as Record<string, unknown>[];
    return new Map(
      rows.map((r) => [
        String(r.record_id),
        {
          system,
          entity,
          recordId: String(r.record_id),
          updatedAt: (r.updated_at as string | null) ?? null,
          values: parse(r.values) ?? {},
        },
      ]),
    );
  }

  async recordPage(
    flow: string,
    page: { snapshots: FlowSnapshot[]; echoes: EchoWrite[]; conflicts: NewConflict[] },
  ): Promise<void> {
    const now = Date.now();
    const snapshot = this.sqlite.prepare(`INSERT INTO flow_snapshots
      (flow, source_id, target_id, "values", accepted, source_fingerprint, written_fingerprint, updated_at)
      VALUES (@flow, @sourceId, @targetId, @values, @accepted, @sourceFingerprint, @writtenFingerprint, @now)
      ON CONFLICT (flow, source_id) DO UPDATE SET target_id = excluded.target_id, "values" = excluded."values",
        accepted = excluded.accepted, source_fingerprint = excluded.source_fingerprint,
        written_fingerprint = excluded.written_fingerprint, updated_at = excluded.updated_at`);
    const echo = this.sqlite.prepare(`INSERT INTO echo_writes (system, entity, record_id, updated_at, "values", at)
      VALUES (@system, @entity, @recordId, @updatedAt, @values, @now)
      ON CONFLICT (system, entity, record_id) DO UPDATE SET updated_at = excluded.updated_at, "values" = excluded."values", at = excluded.at`);
    const openOne = this.sqlite.prepare(
      `SELECT id FROM conflicts WHERE flow = ? AND source_id = ? AND field = ? AND status = 'open'`,
    );
    const refresh = this.sqlite.prepare(
      `UPDATE conflicts SET base = @base, copy = @copy, master = @master, status = @status, resolution = @resolution,
        resolved_at = @resolvedAt WHERE id = @id`,
    );
    const insert = this.sqlite.prepare(`INSERT INTO conflicts
      (flow, source_id, target_id, field, base, copy, master, status, resolution, created_at, resolved_at)
      VALUES (@flow, @sourceId, @targetId, @field, @base, @copy, @master, @status, @resolution, @now, @resolvedAt)`);
    this.sqlite.transaction(() => {
      for (const s of page.snapshots) {
        snapshot.run({ flow, ...s, values: json(s.values), accepted: json(s.accepted), now });
      }
      for (const e of page.echoes) echo.run({ ...e, values: json(e.values), now });
      for (const c of page.conflicts) {
        const row = {
          base: json(c.base),
          copy: json(c.copy),
          master: json(c.master),
          ...conflictRules.outcome(c, now),
        };
        const existing = openOne.get(c.flow, c.sourceId, c.field) as { id: number } | undefined;
        if (existing) refresh.run({ ...row, id: existing.id });
        else insert.run({ ...c, ...row, now });
      }
    })();
  }

  async listConflicts(filter: { flow?: string; status?: 'open' | 'resolved'; limit?: number; offset?: number } = {}) {
    const where = `WHERE (@flow IS NULL OR flow = @flow) AND (@status IS NULL OR status = @status)`;
    const params = { flow: filter.flow ?? null, status: filter.status ?? null };
    const rows = this.sqlite
      .prepare(`SELECT * FROM conflicts ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: filter.limit ?? 50, offset: filter.offset ?? 0 }) as Record<string, unknown>[];
    const { total } = this.sqlite.prepare(`SELECT count(*) AS total FROM conflicts ${where}`).get(params) as {
      total: number;
    };
    return { items: rows.map(conflictFromRow), total };
  }

  async pruneEchoes(before: number): Promise<number> {
    return this.sqlite.prepare('DELETE FROM echo_writes WHERE at < ?').run(before).changes;
  }

  async getConflict(id: number): Promise<Conflict | undefined> {
    const row = this.sqlite.prepare('SELECT * FROM conflicts WHERE id = ?').get(id) as
      | Record<string, unknown>
      | undefined;
    return row && conflictFromRow(row);
  }

  async resolveConflict(id: number, decision: ConflictDecision): Promise<Conflict> {
    this.sqlite.transaction(() => {
      const row = this.sqlite.prepare('SELECT * FROM conflicts WHERE id = ?').get(id) as
        | Record<string, unknown>
        | undefined;
      if (!row) throw new IntegrationError('not_found', `no conflict ${id}`, { status: 404 });
      const conflict = conflictFromRow(row);
      conflictRules.assertOpen(conflict);
      this.sqlite
        .prepare(
          `UPDATE conflicts SET status = 'resolved', resolution = ?, note = ?, resolved_by = ?, resolved_at = ? WHERE id = ?`,
        )
        .run(conflictRules.resolutionOf(decision), decision.note ?? null, decision.by, Date.now(), id);
      const snap = this.sqlite
        .prepare('SELECT "values", accepted FROM flow_snapshots WHERE flow = ? AND source_id = ?')
        .get(conflict.flow, conflict.sourceId) as { values: string; accepted: string | null } | undefined;
      if (!snap) return;
      const values = parse(snap.values) ?? {};
      const accepted = parse(snap.accepted) ?? {};
      values[conflict.field] = decision.keep === 'copy' ? conflict.copy : conflict.master;
      if (decision.keep === 'copy') accepted[conflict.field] = conflict.master;
      else delete accepted[conflict.field];
      this.sqlite
        .prepare('UPDATE flow_snapshots SET "values" = ?, accepted = ? WHERE flow = ? AND source_id = ?')
        .run(json(values), json(accepted), conflict.flow, conflict.sourceId);
    })();
    return (await this.getConflict(id))!;
  }
}
