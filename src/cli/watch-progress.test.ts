import { describe, expect, it } from 'vitest';
import type { Run } from '../store';
import { progressOfRuns } from './watch-progress';

const run = (over: Partial<Run>): Run => ({
  id: 'r',
  flow: 'f',
  trigger: 'cli',
  status: 'running',
  startedAt: 0,
  finishedAt: null,
  pagesTotal: 1,
  pagesDone: 0,
  readingDone: false,
  error: null,
  read: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  failed: 0,
  skipped: 0,
  ...over,
});

describe('progressOfRuns', () => {
  it('sums records done over records read, final only once every run has read everything', () => {
    expect(
      progressOfRuns([run({ read: 100, created: 10, failed: 5 }), run({ read: 50, unchanged: 50, readingDone: true })]),
    ).toEqual({
      done: 65,
      total: 150,
      totalFinal: false,
    });
  });

  it('counts records skipped on purpose (merged duplicates, review) as done', () => {
    expect(
      progressOfRuns([run({ status: 'succeeded', readingDone: true, read: 30, created: 28, skipped: 2 }), undefined]),
    ).toEqual({
      done: 30,
      total: 30,
      totalFinal: true,
    });
  });
});
