/**
 * Clean-up steps of something started piece by piece, run newest first: what a half-started
 * bridge undoes when a later piece fails, and what a running one does on stop.
 *
 * @example
 * const stops = new StopStack();
 * const crm = await startCrmServer(options);
 * stops.push(() => crm.close());
 * await stops.stop();
 */
export class StopStack {
  private readonly steps: (() => Promise<void> | void)[] = [];

  /** Adds a step; it runs before every step added earlier. */
  push(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  /** Runs the steps newest first, each once; a second call does nothing. */
  readonly stop = async (): Promise<void> => {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) await step();
  };
}
