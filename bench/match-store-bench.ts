/**
 * Match store cost per page, SQLite and PostgreSQL side by side (`npx tsx bench/match-store-bench.ts`).
 * A scope of 5,000 indexed records; 50 pages of 100 creates, each: one `matchExclusive` reading
 * the candidates of every record's 4 keys and reserving it, then the settle (`index` + `release`)
 * as match-before-create does. Starts a throw-away PostgreSQL cluster (fsync off, as in tests).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, SqliteStateStore } from '../src/store';
import type { MatchStore } from '../src/store/match-types';
import { openPostgresDatabase } from '../src/store/postgres/open-postgres-database';
import { PostgresStateStore } from '../src/store/postgres/postgres-state-store';
import { createTestDatabase } from '../src/store/testkit/create-test-database';
import { startPostgresServer } from '../tests/setup/postgres';

const INDEXED = 5_000;
const PAGES = 50;
const PAGE = 100;
const SCOPE = 'companies-to-customers#bench';

const keysOf = (n: number) => [
  `name\u0000${n % 1_700}`,
  `zip\u0000${n % 900}`,
  `phone\u0000${n}`,
  `city\u0000${n % 60}`,
];
const fields = (n: number) => ({ name: `company ${n}`, postalCode: String(n % 900), city: `city ${n % 60}` });

async function run(label: string, m: MatchStore): Promise<string> {
  await m.index(
    SCOPE,
    Array.from({ length: INDEXED }, (_, n) => ({ targetId: `erp-${n}`, fields: fields(n), keys: keysOf(n) })),
  );
  let candidates = 0;
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let p = 0; p < PAGES; p++) {
    const ids = Array.from({ length: PAGE }, (_, i) => INDEXED + p * PAGE + i);
    const request = {
      scope: SCOPE,
      kind: 'company',
      targetSide: 'erp' as const,
      keys: [...new Set(ids.flatMap(keysOf).filter((k) => !k.startsWith('city')))],
      targetIds: [],
      reservationTtlMs: 600_000,
    };
    await m.matchExclusive(request, (view) => {
      for (const n of ids) {
        const keys = keysOf(n).filter((k) => !k.startsWith('city'));
        for (const c of view.candidates(keys)) if (!c.pendingSourceId) view.linkedSource(c.targetId);
        candidates += view.candidates(keys).length;
        view.reserve(`crm-${n}`, fields(n), keys);
      }
    });
    await m.index(
      SCOPE,
      ids.map((n) => ({ targetId: `erp-new-${n}`, fields: fields(n), keys: keysOf(n) })),
    );
    await m.release(
      SCOPE,
      ids.map((n) => `crm-${n}`),
    );
  }
  const ms = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  return `${label.padEnd(10)} ${(ms / PAGES).toFixed(1).padStart(6)} ms/page wall  ${((used.user + used.system) / 1000 / PAGES).toFixed(1).padStart(6)} ms/page CPU (this process)  ${Math.round(candidates / PAGES)} candidates/page`;
}

const dir = mkdtempSync(join(tmpdir(), 'match-bench-'));
const server = await startPostgresServer();
try {
  const sqlite = openDatabase(join(dir, 'bridge.db'));
  const database = await createTestDatabase(server.url);
  const pg = await openPostgresDatabase(database.url);
  const lines = [
    await run('SQLite', new SqliteStateStore(sqlite).matching),
    await run('PostgreSQL', new PostgresStateStore(pg).matching),
  ];
  process.stdout.write(`${PAGES} pages of ${PAGE} creates over ${INDEXED} indexed records\n${lines.join('\n')}\n`);
  sqlite.close();
  await pg.close();
  await database.drop();
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
