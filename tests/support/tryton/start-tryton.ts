import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  prepareTrytonSnapshot,
  TRYTON_ADMIN,
  TRYTON_DATABASE,
  TRYTON_LIMITED,
  type TrytonSnapshot,
} from './tryton-database';
import { startTrytonProcess, type TrytonProcess } from './tryton-process';

/** A running Tryton on a private copy of the snapshot. */
export interface RunningTryton {
  url: string;
  database: string;
  admin: { username: string; password: string };
  limited: { username: string; password: string };
  /** Connector config for the admin user. */
  config: { url: string; database: string; username: string; password: string };
  snapshot: TrytonSnapshot;
  /** How long copying the snapshot and starting trytond took. */
  startMs: number;
  /** Stops the server, copies the snapshot again and restarts it on the same port (a clean database). */
  restore(): Promise<void>;
  /** Stops the server and deletes the copy. */
  stop(): Promise<void>;
}

/**
 * Starts a real Tryton for one test file: builds or reuses the cached snapshot, copies it to
 * a private temp folder and runs trytond on a free loopback port. Each file gets its own
 * server and database, so files never see each other's records.
 *
 * @example
 * let tryton: RunningTryton;
 * beforeAll(async () => { tryton = await startTryton(); }, 240_000);
 * afterAll(() => tryton.stop());
 */
export async function startTryton(options: { port?: number } = {}): Promise<RunningTryton> {
  const snapshot = await prepareTrytonSnapshot();
  const dir = mkdtempSync(join(tmpdir(), 'tryton-test-'));
  const started = Date.now();
  let server: TrytonProcess = await boot(snapshot.file, dir, options.port);
  const startMs = Date.now() - started;
  const running: RunningTryton = {
    get url() {
      return server.url;
    },
    database: TRYTON_DATABASE,
    admin: TRYTON_ADMIN,
    limited: TRYTON_LIMITED,
    get config() {
      return { url: server.url, database: TRYTON_DATABASE, ...TRYTON_ADMIN };
    },
    snapshot,
    startMs,
    async restore() {
      await server.stop();
      // Same port, so clients keep their URL and only their session goes stale.
      server = await boot(snapshot.file, dir, server.port);
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return running;
}

async function boot(snapshot: string, dir: string, port?: number): Promise<TrytonProcess> {
  copyFileSync(snapshot, join(dir, `${TRYTON_DATABASE}.sqlite`));
  return startTrytonProcess(dir, port);
}
