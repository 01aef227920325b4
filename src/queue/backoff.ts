import type { BackoffPolicy } from './job-queue';

/** A source of uniform numbers in [0, 1); injected so tests get exact delays. */
export type RandomSource = () => number;

/**
 * Delay in ms before the attempt that follows failed attempt `attempt` (1 = the first delivery).
 * Fixed waits `baseMs` every time; exponential waits `baseMs * 2^(attempt - 1)`. The delay is
 * capped at `maxMs`, then jitter removes up to `jitter` of it at random, so a burst of failures
 * does not retry in lockstep and the cap stays an upper bound. Both queue adapters use this, so
 * retry timing does not depend on the backend.
 *
 * @example
 * backoffDelay({ type: 'exponential', baseMs: 100 }, 3); // 400
 * backoffDelay({ type: 'exponential', baseMs: 100, maxMs: 250 }, 3); // 250
 * backoffDelay({ type: 'fixed', baseMs: 100, jitter: 0.5 }, 1, () => 0.5); // 75
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: RandomSource = Math.random): number {
  const base = Math.max(0, finiteOr(policy.baseMs, 0));
  const failed = Math.max(1, Math.floor(finiteOr(attempt, 1)));
  const uncapped = policy.type === 'exponential' ? base * 2 ** (failed - 1) : base;
  const cap = policy.maxMs === undefined ? Number.MAX_SAFE_INTEGER : Math.max(0, finiteOr(policy.maxMs, 0));
  const delay = Math.min(uncapped, cap);
  const jitter = Math.min(1, Math.max(0, finiteOr(policy.jitter ?? 0, 0)));
  if (jitter === 0) return Math.round(delay);
  const draw = Math.min(1, Math.max(0, random()));
  return Math.round(delay * (1 - jitter * draw));
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}
