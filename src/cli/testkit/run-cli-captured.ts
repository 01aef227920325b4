import { runCli } from '../main';

/** What one CLI call printed and returned. */
export interface CapturedCli {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the `bridge` CLI in-process with `env` as its environment and returns its exit code and
 * what it wrote to stdout and stderr: how tests drive the CLI without a child process.
 *
 * @example
 * const { code, out } = await runCliCaptured(['runs', '--json'], { DATABASE_PATH: join(dir, 'bridge.db') });
 */
export async function runCliCaptured(argv: string[], env: Record<string, string | undefined>): Promise<CapturedCli> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t), env });
  return { code, out, err };
}
