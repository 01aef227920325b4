import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freeLoopbackPort } from '../../src/connectors/testkit/free-loopback-port';

/** A PostgreSQL cluster in a temp dir, run by the test run as the `postgres` OS user. */
export interface PostgresServer {
  readonly port: number;
  /** `postgres://bridge:bridge@127.0.0.1:<port>/postgres`: a role that may create databases. */
  readonly url: string;
  /** Milliseconds from initdb to the first accepted connection. */
  readonly startupMs: number;
  /** Stops the server (fast shutdown) and removes its data directory. */
  stop(): Promise<void>;
}

const OS_USER = 'postgres';

/**
 * The directory holding `initdb` and `postgres`, installing the Debian package when they are
 * missing. Throws when the install fails: the PostgreSQL tests must run, never be skipped quietly.
 *
 * @example
 * const bin = ensurePostgresInstalled(); // '/usr/lib/postgresql/15/bin'
 */
export function ensurePostgresInstalled(): string {
  const found = postgresBinDir();
  if (found) return found;
  console.log('[postgres] initdb is missing: running `apt-get update && apt-get install -y postgresql`');
  const install = spawnSync(
    'sh',
    ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql'],
    { stdio: 'inherit' },
  );
  const bin = postgresBinDir();
  if (install.status !== 0 || !bin) {
    throw new Error(
      `[postgres] installing postgresql failed (exit ${install.status ?? install.signal}); install it or set DATABASE_URL`,
    );
  }
  return bin;
}

/**
 * Creates a throw-away cluster in a temp dir (owned by the `postgres` OS user: root may not run
 * the server) and starts it on a free loopback port with durability off (fsync, synchronous
 * commit, full-page writes: tests never survive a crash). Resolves once role `bridge` exists.
 *
 * @example
 * const server = await startPostgresServer();
 * process.env.DATABASE_URL = server.url;
 * await server.stop();
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const started = Date.now();
  const bin = ensurePostgresInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'bridge-pg-'));
  const { uid, gid } = osUser();
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const init = spawnSync(
    'setpriv',
    asPostgres([
      join(bin, 'initdb'),
      '-D',
      data,
      '-U',
      OS_USER,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--no-sync',
      '--no-instructions',
    ]),
    { encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`[postgres] initdb failed:\n${init.stdout}\n${init.stderr}`);
  const port = await freeLoopbackPort();
  const child = spawnServer(bin, data, dir, port);
  try {
    await waitForPostgres(dir, port, child);
    const admin = new pg.Client({ host: dir, port, user: OS_USER, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE ROLE bridge LOGIN CREATEDB PASSWORD 'bridge'`);
    await admin.end();
  } catch (error) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    url: `postgres://bridge:bridge@127.0.0.1:${port}/postgres`,
    startupMs: Date.now() - started,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function osUser(): { uid: number; gid: number } {
  const out = spawnSync('id', ['-u', OS_USER], { encoding: 'utf8' });
  const grp = spawnSync('id', ['-g', OS_USER], { encoding: 'utf8' });
  if (out.status !== 0 || grp.status !== 0) throw new Error(`[postgres] OS user "${OS_USER}" does not exist`);
  return { uid: Number(out.stdout.trim()), gid: Number(grp.stdout.trim()) };
}

/** setpriv arguments running `command` as the postgres user; the server dies with its parent. */
function asPostgres(command: string[]): string[] {
  // setpriv execs the command itself (runuser would stay in between as a parent), so
  // --pdeathsig reaches postgres when the test runner is killed outright.
  return ['--reuid', OS_USER, '--regid', OS_USER, '--init-groups', '--pdeathsig', 'TERM', '--', ...command];
}

function spawnServer(bin: string, data: string, socketDir: string, port: number): ChildProcess {
  const settings = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: socketDir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
  };
  const args = Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const child = spawn('setpriv', asPostgres([join(bin, 'postgres'), '-D', data, ...args]), {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: socketDir,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.once('exit', (code) => {
    if (code) console.error(`[postgres] server on port ${port} exited with ${code}:\n${output}`);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return child;
}

async function waitForPostgres(socketDir: string, port: number, child: ChildProcess, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`[postgres] server exited at start (code ${child.exitCode})`);
    const client = new pg.Client({ host: socketDir, port, user: OS_USER, database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) throw new Error(`[postgres] no connection on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  // SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
