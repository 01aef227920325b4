import type { Logger } from '../observability/logger';
import type { Job, JobFailure } from './job-queue';

type CompletedListener = (job: Job, result: unknown) => void;
type FailureListener = (failure: JobFailure) => void;

/**
 * The listeners of one queue instance, shared by both adapters so that 'failed' and 'dead' fire
 * by the same rule: 'failed' for every failed attempt, then 'dead' when no attempt follows.
 * A throwing listener is logged and never disturbs the queue.
 *
 * @example
 * const hub = new QueueEventHub(log);
 * const off = hub.on('dead', (failure) => alert(failure));
 * hub.emitFailure({ job, error, willRetry: false }); // calls the 'failed' then the 'dead' listeners
 */
export class QueueEventHub {
  private readonly completed = new Set<CompletedListener>();
  private readonly failed = new Set<FailureListener>();
  private readonly dead = new Set<FailureListener>();

  constructor(private readonly log: Pick<Logger, 'error'>) {}

  on(event: 'completed', listener: CompletedListener): () => void;
  on(event: 'failed' | 'dead', listener: FailureListener): () => void;
  on(event: 'completed' | 'failed' | 'dead', listener: CompletedListener | FailureListener): () => void {
    const set = (event === 'completed' ? this.completed : event === 'failed' ? this.failed : this.dead) as Set<
      typeof listener
    >;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emitCompleted(job: Job, result: unknown): void {
    for (const listener of this.completed) this.guard(() => listener(job, result));
  }

  emitFailure(failure: JobFailure): void {
    for (const listener of this.failed) this.guard(() => listener(failure));
    if (failure.willRetry) return;
    for (const listener of this.dead) this.guard(() => listener(failure));
  }

  private guard(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log.error('a queue event listener threw', { error: error instanceof Error ? error.stack : String(error) });
    }
  }
}
