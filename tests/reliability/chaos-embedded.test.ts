import { describe, it } from 'vitest';
import { expectChaosSurvived } from './chaos-small';

describe('chaos, small, embedded adapter', () => {
  it(
    'survives faults and a kill -9 of the worker: nothing lost or duplicated, DLQ replayed to zero differences',
    () => expectChaosSurvived('embedded'),
    180_000,
  );
});
