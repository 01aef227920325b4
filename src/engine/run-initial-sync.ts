import type { Run } from '../store';
import { formatRunSummary } from './run-summary';
import type { SyncEngine } from './sync-engine';

/**
 * The first full sync of every enabled flow, in dependency order, then its summary table on
 * `print` (stdout at `npm start`): what a reader of the start sees before polling begins.
 *
 * @example
 * bridge.initialRuns = await runInitialSync(engine, (text) => process.stdout.write(text));
 */
export async function runInitialSync(
  engine: Pick<SyncEngine, 'syncAll'>,
  print: (text: string) => void,
): Promise<Run[]> {
  const started = Date.now();
  const runs = await engine.syncAll('initial');
  print(`\nInitial sync\n${formatRunSummary(runs, Date.now() - started)}\n\n`);
  return runs;
}
