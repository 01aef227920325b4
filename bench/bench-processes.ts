import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

/** A child process the benchmark started, and how to stop it. */
export interface BenchProcess {
  child: ChildProcess;
  /** First URL the process printed (the mocks print where they listen). */
  url: string;
  /** CPU seconds the process used so far (user + system; Linux /proc, else NaN). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript entry point as its own Node process (tsx) and waits until it prints
 * `ready` (a regular expression on stdout). Benchmarks run mocks and workers as separate
 * processes so the bridge competes for CPU as it would beside real systems, not inside them.
 *
 * @example
 * const crm = await startBenchProcess('connectors/mock-crm/server/main.ts', { MOCK_CRM_PORT: '0' }, /listening on (\S+)/);
 */
export async function startBenchProcess(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  args: string[] = [],
): Promise<BenchProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const deadline = Date.now() + 120_000;
  let match = ready.exec(out);
  while (!match) {
    if (child.exitCode !== null) throw new Error(`${entry} exited at start (${child.exitCode}): ${out}`);
    if (Date.now() > deadline) throw new Error(`${entry} did not start within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    match = ready.exec(out);
  }
  return {
    child,
    url: match[1] ?? '',
    cpuSeconds: () => processCpuSeconds(child.pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** utime + stime of a Linux process, in seconds (clock ticks of 1/100 s); NaN elsewhere. */
function processCpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), counted from field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}
