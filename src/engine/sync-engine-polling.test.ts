import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobQueue } from '../queue/job-queue';
import type { Run, StateStore } from '../store';
import type { FlowRuntime } from './flow-runtime';
import { SyncEngine } from './sync-engine';

const flow = (name: string, pollMs: number | undefined) => ({ name, pollMs }) as unknown as FlowRuntime;
const log = { debug() {}, info() {}, warn() {}, error() {} } as never;

describe('SyncEngine polling', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls each flow on its own interval, and never a flow without poll', async () => {
    vi.useFakeTimers();
    const engine = new SyncEngine({
      // pollOnce asks the store for a flow's last run (a scheduler taking over knows runs only from it).
      store: { getRun: async () => undefined, listRuns: async () => [] } as unknown as StateStore,
      queue: {} as JobQueue,
      flows: [flow('fast', 1000), flow('slow', 5000), flow('webhook-only', undefined)],
      log,
    });
    const started: string[] = [];
    vi.spyOn(engine, 'startRun').mockImplementation(async (name) => {
      started.push(name);
      return { id: `${name}-${started.length}` } as Run;
    });
    vi.spyOn(engine, 'waitForRun').mockImplementation(async (id) => ({ id, status: 'succeeded' }) as Run);
    engine.startPolling();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started.filter((n) => n === 'fast')).toHaveLength(10);
    expect(started.filter((n) => n === 'slow')).toHaveLength(2);
    expect(started).not.toContain('webhook-only');
  });
});
