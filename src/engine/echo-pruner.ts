import type { Logger } from '../observability/logger';
import { ECHO_RETENTION_MS } from '../ownership/copy-has-news';
import type { OwnershipStore } from '../store';

/** Options of {@link startEchoPruning}. */
export interface EchoPruningOptions {
  /** Only the scheduling process prunes (any process could; one is enough). */
  isScheduler: () => boolean;
  log: Logger;
  /** Default hourly. */
  everyMs?: number;
  /** Default {@link ECHO_RETENTION_MS}. */
  retentionMs?: number;
}

/**
 * Forgets remembered writes (`echo_writes`) older than the retention, now and then every hour,
 * so the table holds the records written lately rather than every record ever written. A
 * forgotten echo is safe: the reverse flow read that version long ago, and `copyHasNews` lets a
 * record untouched for the retention be remembered again at its next write. Returns the stop.
 *
 * @example
 * stops.push(startEchoPruning(store.ownership, { isScheduler, log }));
 */
export function startEchoPruning(
  store: Pick<OwnershipStore, 'pruneEchoes'> | undefined,
  options: EchoPruningOptions,
): () => Promise<void> {
  if (!store) return async () => {};
  const retentionMs = options.retentionMs ?? ECHO_RETENTION_MS;
  let running: Promise<void> = Promise.resolve();
  const prune = () => {
    if (!options.isScheduler()) return;
    running = store
      .pruneEchoes(Date.now() - retentionMs)
      .then((pruned) => {
        if (pruned) options.log.info('pruned remembered writes', { pruned, retentionMs });
      })
      .catch((error) => options.log.warn('pruning remembered writes failed', { error: String(error) }));
  };
  prune();
  const timer = setInterval(prune, options.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
