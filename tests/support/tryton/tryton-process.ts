import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freeLoopbackPort } from '../../../src/connectors/testkit/free-loopback-port';

/** A trytond child process serving one SQLite database folder. */
export interface TrytonProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Writes `trytond.conf` for a SQLite folder and a loopback port.
 *
 * @example
 * writeTrytonConfig(dir, 8123);
 */
export function writeTrytonConfig(dir: string, port: number): string {
  const file = join(dir, 'trytond.conf');
  writeFileSync(file, `[database]\nuri = sqlite://\npath = ${dir}\n\n[web]\nlisten = 127.0.0.1:${port}\n`);
  return file;
}

/**
 * Starts trytond on a free port for the databases in `dir` and waits until
 * `common.server.version` answers. The log goes to `dir/trytond.log` (read it when a confirm
 * "succeeds" but the sale stays in quotation).
 *
 * @example
 * const server = await startTrytonProcess(dir);
 * await server.stop();
 */
export async function startTrytonProcess(dir: string, port?: number, timeoutMs = 60_000): Promise<TrytonProcess> {
  port ??= await freeLoopbackPort();
  const conf = writeTrytonConfig(dir, port);
  const child = spawn('trytond', ['-c', conf], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`[tryton] trytond exited with ${child.exitCode}: ${stderr}`);
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(
        `[tryton] trytond did not answer common.server.version on ${url} within ${timeoutMs} ms: ${stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, stop: () => stopChild(child) };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 0, method: 'common.server.version', params: [] }),
      signal: AbortSignal.timeout(2000),
    });
    return response.ok && typeof ((await response.json()) as { result?: unknown }).result === 'string';
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
