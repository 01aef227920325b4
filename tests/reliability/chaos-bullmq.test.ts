import { describe, it } from 'vitest';
import { expectChaosSurvived } from './chaos-small';

describe('chaos, small, BullMQ adapter', () => {
  it(
    'survives faults, a kill -9 of the worker and a Redis restart: nothing lost or duplicated, DLQ replayed to zero differences',
    () => expectChaosSurvived('bullmq'),
    180_000,
  );
});
