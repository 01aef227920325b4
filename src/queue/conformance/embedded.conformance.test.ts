import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type StateDatabase } from '../../store/database';
import { EmbeddedQueue } from '../embedded/embedded-queue';
import { describeQueueConformance } from './queue-conformance';
import type { QueueFixture } from './test-helpers';

/**
 * A fresh SQLite file per test; each `open()` is a separate connection to it, as another process
 * or a restarted one would have.
 */
async function embeddedFixture(): Promise<QueueFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'queue-conformance-'));
  const opened: { queue: EmbeddedQueue; state: StateDatabase }[] = [];
  return {
    async open() {
      const state = openDatabase(join(dir, 'state.db'));
      const queue = new EmbeddedQueue(state, 'conformance', { pollIntervalMs: 20 });
      opened.push({ queue, state });
      return queue;
    },
    async dispose() {
      for (const { queue, state } of opened) {
        await queue.close({ force: true });
        state.close();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeQueueConformance('embedded', embeddedFixture);
