import type { ProgressTerminal } from './progress-bar';

/** Where a command writes; tests pass buffers. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Where progress bars draw (`process.stderr`); absent or not a TTY: no bar. */
  errTerminal?: ProgressTerminal;
}

/** One `bridge <name>` command. Every command accepts `--json`. */
export interface CliCommand {
  name: string;
  /** One line for `bridge help`. */
  summary: string;
  /** Usage line shown on a usage error, e.g. `bridge history <flow> <sourceId> [--json]`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage error: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {}
