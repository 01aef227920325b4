import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('waits baseMs after every attempt with a fixed policy', () => {
    const policy = { type: 'fixed', baseMs: 250 } as const;
    expect([1, 2, 3, 10].map((attempt) => backoffDelay(policy, attempt))).toEqual([250, 250, 250, 250]);
  });

  it('doubles the delay after each attempt with an exponential policy', () => {
    const policy = { type: 'exponential', baseMs: 100 } as const;
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt))).toEqual([100, 200, 400, 800, 1600]);
  });

  it('caps the delay at maxMs', () => {
    const policy = { type: 'exponential', baseMs: 100, maxMs: 500 } as const;
    expect([3, 4, 60, 5000].map((attempt) => backoffDelay(policy, attempt))).toEqual([400, 500, 500, 500]);
    expect(backoffDelay({ type: 'fixed', baseMs: 900, maxMs: 300 }, 1)).toBe(300);
  });

  it('stays finite when exponential growth overflows and there is no cap', () => {
    expect(backoffDelay({ type: 'exponential', baseMs: 1000 }, 5000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('removes up to `jitter` of the delay, drawn from the injected random source', () => {
    const policy = { type: 'exponential', baseMs: 1000, jitter: 0.2 } as const;
    expect(backoffDelay(policy, 2, () => 0)).toBe(2000);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(1800);
    expect(backoffDelay(policy, 2, () => 0.999_999)).toBe(1600);
  });

  it('applies jitter after the cap, so maxMs stays an upper bound', () => {
    const policy = { type: 'exponential', baseMs: 1000, maxMs: 1500, jitter: 0.5 } as const;
    expect(backoffDelay(policy, 3, () => 0)).toBe(1500);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(1125);
  });

  it('clamps out-of-range input instead of producing negative or NaN delays', () => {
    expect(backoffDelay({ type: 'exponential', baseMs: 100 }, 0)).toBe(100);
    expect(backoffDelay({ type: 'fixed', baseMs: -5 }, 1)).toBe(0);
    expect(backoffDelay({ type: 'fixed', baseMs: 100, jitter: 3 }, 1, () => 0.5)).toBe(50);
    expect(backoffDelay({ type: 'fixed', baseMs: 100, jitter: 1 }, 1, () => 7)).toBe(0);
    expect(backoffDelay({ type: 'fixed', baseMs: Number.NaN }, 1)).toBe(0);
  });
});
