import { describe, expect, it } from 'vitest';
import { createProgressBar, formatDuration, formatProgress } from './progress-bar';

describe('formatProgress', () => {
  it('shows bar, counts, percent, rate and ETA within the width', () => {
    const line = formatProgress(
      { label: 'companies', done: 500, total: 2000, totalFinal: true, elapsedMs: 10_000 },
      70,
    );
    expect(line).toBe('companies [======>                  ]  500/2000   25%  50.0/s  ETA 30s');
    expect(line.length).toBeLessThanOrEqual(70);
  });

  it('promises no percentage or ETA while the total is still growing', () => {
    const line = formatProgress({ label: 'f', done: 100, total: 300, totalFinal: false, elapsedMs: 1000 }, 50);
    expect(line).toMatch(/100\/300\+ {2}100\/s$/);
    expect(line).not.toContain('ETA');
  });

  it('says how long it took when done, and degrades to text on a narrow terminal', () => {
    expect(formatProgress({ label: 'f', done: 7, total: 7, totalFinal: true, elapsedMs: 185_000 }, 60)).toMatch(
      /\[=+\] 7\/7 {2}100% {2}0\.0\/s {2}in 3m05s$/,
    );
    expect(formatProgress({ label: 'flow', done: 1, total: 2, totalFinal: true, elapsedMs: 0 }, 20)).toBe(
      'flow 1/2   50%  0.0/',
    );
  });

  it('formats durations', () => {
    expect([formatDuration(42), formatDuration(185), formatDuration(7620)]).toEqual(['42s', '3m05s', '2h07m']);
  });
});

describe('createProgressBar', () => {
  const state = { label: 'f', done: 1, total: 2, totalFinal: true, elapsedMs: 1000 };

  it('redraws one line in place on a TTY and ends it on finish', () => {
    const written: string[] = [];
    const bar = createProgressBar({ isTTY: true, columns: 60, write: (t) => written.push(t) });
    bar.update(state);
    bar.update(state); // unchanged: not redrawn
    bar.update({ ...state, done: 2 });
    bar.finish();
    expect(written).toHaveLength(3);
    expect(written[0]).toMatch(/^\rf \[.*\] 1\/2 {3}50%/);
    expect(written[0]?.endsWith('\x1b[K')).toBe(true);
    expect(written[2]).toBe('\n');
  });

  it('draws nothing when the stream is not a terminal', () => {
    const written: string[] = [];
    const bar = createProgressBar({ isTTY: false, write: (t) => written.push(t) });
    bar.update(state);
    bar.finish();
    expect(written).toEqual([]);
  });
});
