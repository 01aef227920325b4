import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { freeLoopbackPort } from '../../src/connectors/testkit/free-loopback-port';

/** A redis-server child process owned by the test run. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL) and waits for its exit. */
  stop(): Promise<void>;
  /**
   * Stops the server and starts a fresh one on the same port, for tests of what clients do when
   * Redis goes away and comes back. The data is gone unless the server was started with
   * `persistDir` (append-only file, fsync on every write, as a production Redis would run).
   */
  restart(): Promise<void>;
}

/**
 * Makes sure `redis-server` is on PATH, installing the Debian package when it is not. Throws when
 * the install fails: the BullMQ tests must run, never be skipped quietly.
 *
 * @example
 * ensureRedisServerInstalled();
 */
export function ensureRedisServerInstalled(): void {
  if (hasRedisServer()) return;
  console.log('[redis] redis-server is not on PATH: running `apt-get update && apt-get install -y redis-server`');
  const install = spawnSync(
    'sh',
    ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server'],
    {
      stdio: 'inherit',
    },
  );
  if (install.status !== 0 || !hasRedisServer()) {
    throw new Error(
      `[redis] installing redis-server failed (exit ${install.status ?? install.signal}); install it or set REDIS_URL`,
    );
  }
  console.log('[redis] redis-server installed');
}

/**
 * Starts a private, non-persistent redis-server on `port` (a free one when omitted) as a child
 * process, and resolves once it answers PING.
 *
 * @example
 * const redis = await startRedisServer();
 * process.env.REDIS_URL = redis.url;
 * await redis.restart(); // same port, empty data
 * await redis.stop();
 */
export async function startRedisServer(options: { port?: number; persistDir?: string } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freeLoopbackPort());
  let child = await spawnRedis(port, options.persistDir);
  const stop = async () => {
    await stopChild(child);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: async () => {
      await stop();
      child = await spawnRedis(port, options.persistDir);
    },
  };
}

/**
 * Resolves once a Redis server at `port` answers PING; rejects after `timeoutMs`.
 *
 * @example
 * await waitForRedis(6379, 5_000);
 */
export async function waitForRedis(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await pingOnce(port)) return;
    if (Date.now() > deadline) throw new Error(`[redis] no PONG from 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let deathSignalSupported: boolean | undefined;

function canSetDeathSignal(): boolean {
  deathSignalSupported ??=
    spawnSync('setpriv', ['--pdeathsig', 'TERM', '--', 'true'], { stdio: 'ignore' }).status === 0;
  return deathSignalSupported;
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function spawnRedis(port: number, persistDir?: string): Promise<ChildProcess> {
  // Not daemonized: the server is our child, so Ctrl-C (sent to the whole process group) stops
  // it too. setpriv --pdeathsig also stops it when the test runner is killed outright (SIGKILL,
  // a closed pipe), which would otherwise leave an orphan. Nothing is persisted.
  const persistence = persistDir
    ? ['--dir', persistDir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--daemonize', 'no'];
  const [command, commandArgs] = canSetDeathSignal()
    ? ['setpriv', ['--pdeathsig', 'TERM', '--', 'redis-server', ...args]]
    : ['redis-server', args];
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = once(child, 'exit').then(() => {
    throw new Error(`[redis] redis-server on port ${port} exited at start:\n${output}`);
  });
  await Promise.race([waitForRedis(port), exited]);
  exited.catch(() => {});
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
