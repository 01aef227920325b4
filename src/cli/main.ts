import type { CliCommand, CliIo } from './cli-command';
import { UsageError } from './cli-command';
import { conflictsCommand } from './commands/conflicts-command';
import { connectorNewCommand } from './commands/connector-new-command';
import { dedupeCommand } from './commands/dedupe-command';
import { dlqCommand } from './commands/dlq-command';
import { exportCommand } from './commands/export-command';
import { flowsCommand } from './commands/flows-command';
import { historyCommand } from './commands/history-command';
import { mappingsCommand } from './commands/mappings-command';
import { reconcileCommand } from './commands/reconcile-command';
import { reviewCommand } from './commands/review-command';
import { runsCommand } from './commands/runs-command';
import { statusCommand } from './commands/status-command';
import { syncCommand } from './commands/sync-command';
import { workerCommand } from './commands/worker-command';

/** Every command of `bridge`; a new command is one file in commands/ and one line here. */
export const COMMANDS: CliCommand[] = [
  syncCommand,
  statusCommand,
  runsCommand,
  flowsCommand,
  historyCommand,
  mappingsCommand,
  connectorNewCommand,
  reviewCommand,
  conflictsCommand,
  dedupeCommand,
  dlqCommand,
  reconcileCommand,
  workerCommand,
  exportCommand,
];

/**
 * Runs `bridge <command> [...args]` and returns the exit code.
 *
 * @example
 * const code = await runCli(['runs', '--json'], { out, err, env: process.env });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const lines = COMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`);
    (name && name !== 'help' ? io.err : io.out)(
      `${name && name !== 'help' ? `unknown command "${name}"\n\n` : ''}usage: bridge <command> [options]\n\n${lines.join('\n')}\n`,
    );
    return name && name !== 'help' ? 2 : 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\nusage: ${command.usage}\n`);
      return 2;
    }
    io.err(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1]?.endsWith('bridge.mjs') || process.argv[1]?.endsWith('cli/main.ts')) {
  const io: CliIo = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
    errTerminal: process.stderr,
  };
  runCli(process.argv.slice(2), io).then((code) => process.exit(code));
}
