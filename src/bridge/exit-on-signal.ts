import type { Logger } from '../observability/logger';

/**
 * Stops `stop`-able work on the first SIGINT or SIGTERM (later signals are ignored while it
 * stops) and resolves with the exit code: 0 once it stopped, 1 when stopping failed.
 *
 * @example
 * process.exit(await exitOnSignal(bridge.stop, log));
 */
export function exitOnSignal(stop: () => Promise<void>, log: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info('stopping', { signal });
      stop().then(
        () => resolve(0),
        (error) => {
          log.error('stop failed', { error: String(error) });
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });
}
