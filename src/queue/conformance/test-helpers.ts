import type { JobFailure, JobQueue } from '../job-queue';

/**
 * One test's isolated piece of a queue backend (a fresh SQLite file, a fresh Redis prefix). Every
 * `open()` returns another instance on the same jobs: another process, or the same one after a
 * restart, so the suite can test crashes and restarts without knowing the backend.
 */
export interface QueueFixture {
  open(): Promise<JobQueue>;
  /** Closes (forcibly) every instance opened and removes the namespace's data. */
  dispose(): Promise<void>;
}

/** A promise with its resolver, to hold a handler until the test lets it go. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

/**
 * @example
 * const gate = deferred();
 * await queue.process(() => gate.promise);
 * gate.resolve();
 */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

/**
 * @example
 * await sleep(50);
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `condition` until it holds; throws after `timeoutMs` with `what` in the message.
 *
 * @example
 * await waitFor(() => seen.length === 3, 'three deliveries');
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * Collects a queue's 'failed' and 'dead' events.
 *
 * @example
 * const events = recordFailures(queue);
 * await waitFor(() => events.dead.length === 1, 'a dead job');
 */
export function recordFailures(queue: JobQueue): { failed: JobFailure[]; dead: JobFailure[] } {
  const failed: JobFailure[] = [];
  const dead: JobFailure[] = [];
  queue.on('failed', (failure) => failed.push(failure));
  queue.on('dead', (failure) => dead.push(failure));
  return { failed, dead };
}
