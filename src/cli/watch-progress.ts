import type { Run, StateStore } from '../store';
import type { ProgressBar, ProgressState } from './progress-bar';

/** How far some work is, as a sample taken from the store. */
export type ProgressSample = Pick<ProgressState, 'done' | 'total' | 'totalFinal'>;

/**
 * Redraws `bar` from `sample()` every `everyMs` until `stop()`, which draws a last sample and
 * ends the line. Polling the store rather than hooking the engine keeps the bar honest when
 * the jobs run in another process (a worker on Redis) and keeps the engine free of UI.
 *
 * @example
 * const watch = watchProgress(bar, 'companies', () => runProgress(store, run.id));
 * const done = await engine.waitForRun(run.id);
 * await watch.stop();
 */
export function watchProgress(
  bar: ProgressBar,
  label: string,
  sample: () => Promise<ProgressSample>,
  everyMs = 200,
): { stop(): Promise<void> } {
  const started = Date.now();
  const draw = async () => bar.update({ label, ...(await sample()), elapsedMs: Date.now() - started });
  let drawing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    drawing = drawing.then(draw).catch(() => {});
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await drawing;
      await draw().catch(() => {});
      bar.finish();
    },
  };
}

/**
 * Records done out of records read so far, summed over some runs.
 *
 * @example
 * const sample = progressOfRuns(await Promise.all(ids.map((id) => store.getRun(id))));
 */
export function progressOfRuns(runs: readonly (Run | undefined)[]): ProgressSample {
  let done = 0;
  let total = 0;
  let totalFinal = true;
  for (const run of runs) {
    if (!run) continue;
    // read = created + updated + unchanged + skipped + failed once a run has ended; while it
    // runs, the same sum is what its finished pages account for.
    done += run.created + run.updated + run.unchanged + run.skipped + run.failed;
    total += run.read;
    if (!run.readingDone) totalFinal = false;
  }
  return { done, total, totalFinal };
}

/**
 * A sampler of one run's progress.
 *
 * @example
 * watchProgress(bar, run.flow, runProgress(store, run.id));
 */
export function runProgress(store: Pick<StateStore, 'getRun'>, runId: string): () => Promise<ProgressSample> {
  return async () => progressOfRuns([await store.getRun(runId)]);
}
