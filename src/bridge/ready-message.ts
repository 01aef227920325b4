import type { RunningBridge } from './running-bridge';

/**
 * The line a long-running bridge logs once it is up: where its admin API is and whether it
 * polls, so the reader of `npm start` or of a worker's log knows what this process does.
 *
 * @example
 * log.info(readyMessage(bridge)); // admin API on http://127.0.0.1:3000 (GET /health, ...); polling; Ctrl-C to stop
 */
export function readyMessage(bridge: Pick<RunningBridge, 'adminUrl' | 'isScheduler' | 'env'>): string {
  if (bridge.adminUrl) {
    const jobs = bridge.env.BRIDGE_ROLE === 'api' ? 'jobs go to the workers' : 'polling';
    return `admin API on ${bridge.adminUrl} (GET /health, /openapi.json, /runs ...); ${jobs}; Ctrl-C to stop`;
  }
  return `worker: processing jobs${bridge.isScheduler() ? ' and polling' : ' (another process polls)'}; Ctrl-C to stop`;
}
