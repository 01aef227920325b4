import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTrytonInstalled, trytonVersions } from './install-tryton';
import { runMinimalSetup } from './minimal-setup';
import { startTrytonProcess, writeTrytonConfig } from './tryton-process';

/** Credentials baked into the snapshot. Test-only: the server listens on loopback. */
export const TRYTON_ADMIN = { username: 'admin', password: 'admin-test-password-42' } as const;
/** A user without groups, for permission errors. */
export const TRYTON_LIMITED = { username: 'limited', password: 'Lm4-Zq8r-Tw2v-Kx6p' } as const;
export const TRYTON_DATABASE = 'bridge';
/** Bump when {@link runMinimalSetup} changes, so cached snapshots are rebuilt. */
const SETUP_VERSION = 5;

/** Where the initialised snapshot lives and how long each step took (0 when cached). */
export interface TrytonSnapshot {
  file: string;
  installMs: number;
  initMs: number;
  setupMs: number;
}

/**
 * Returns the initialised database snapshot: installs Tryton if needed, then reuses the
 * snapshot cached under a stable temp path keyed by the package versions, or builds it
 * (`trytond-admin -u sale --activate-dependencies`, then the minimal set-up over RPC) under a
 * lock, so parallel test files build it once.
 *
 * @example
 * const { file } = await prepareTrytonSnapshot();
 */
export async function prepareTrytonSnapshot(): Promise<TrytonSnapshot> {
  const install = ensureTrytonInstalled();
  const key = createHash('sha256').update(`${trytonVersions()}#${SETUP_VERSION}`).digest('hex').slice(0, 16);
  const cache = join(tmpdir(), `crm-erp-bridge-tryton-${key}`);
  const file = join(cache, `${TRYTON_DATABASE}.sqlite`);
  if (existsSync(file)) return { file, installMs: install.ms, initMs: 0, setupMs: 0 };
  mkdirSync(cache, { recursive: true });
  const release = await lock(join(cache, 'lock'));
  try {
    if (existsSync(file)) return { file, installMs: install.ms, initMs: 0, setupMs: 0 };
    const work = mkdtempSync(join(tmpdir(), 'tryton-init-'));
    try {
      const initMs = initialise(work);
      const started = Date.now();
      const server = await startTrytonProcess(work);
      try {
        await runMinimalSetup({ url: server.url, database: TRYTON_DATABASE, ...TRYTON_ADMIN }, TRYTON_LIMITED);
      } finally {
        await server.stop();
      }
      const setupMs = Date.now() - started;
      copyFileSync(join(work, `${TRYTON_DATABASE}.sqlite`), `${file}.tmp`);
      renameSync(`${file}.tmp`, file);
      console.log(`[tryton] snapshot ready in ${cache} (init ${initMs} ms, set-up ${setupMs} ms)`);
      return { file, installMs: install.ms, initMs, setupMs };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  } finally {
    release();
  }
}

/** Runs trytond-admin on a fresh SQLite file in `dir`; returns how long it took. */
function initialise(dir: string): number {
  const started = Date.now();
  const conf = writeTrytonConfig(dir, 0);
  const passFile = join(dir, 'admin-password');
  writeFileSync(passFile, TRYTON_ADMIN.password);
  writeFileSync(join(dir, `${TRYTON_DATABASE}.sqlite`), '');
  const args = [
    '-c',
    conf,
    '-d',
    TRYTON_DATABASE,
    '-u',
    'sale',
    '--activate-dependencies',
    '--email',
    'admin@example.com',
  ];
  console.log(`[tryton] initialising a database: TRYTONPASSFILE=... trytond-admin ${args.join(' ')} </dev/null`);
  // stdin closed: without --email and a closed stdin trytond-admin would wait for input.
  const run = spawnSync('trytond-admin', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRYTONPASSFILE: passFile },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`[tryton] trytond-admin failed (exit ${run.status ?? run.signal}): ${run.stderr.slice(-2000)}`);
  }
  return Date.now() - started;
}

/** A directory lock (mkdir is atomic); a lock left by a dead process is taken over. */
async function lock(dir: string): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readPid(dir));
      if (holder && !alive(holder)) rmSync(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function readPid(dir: string): string {
  try {
    return readFileSync(join(dir, 'pid'), 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
