/** Label values of one series, e.g. `{ flow: 'companies-to-customers', code: 'permission_denied' }`. */
export type MetricLabels = Readonly<Record<string, string>>;

/** One counter series as read back by tests and, later, the Prometheus exposition. */
export interface CounterSample {
  name: string;
  labels: MetricLabels;
  value: number;
}

/**
 * A tiny in-process registry of monotonic counters. Prometheus exposition arrives with the
 * admin API; until then tests and the chaos report read {@link MetricsRegistry.samples}.
 * Counters only: every figure the reliability work needs is a count.
 *
 * @example
 * const metrics = new MetricsRegistry();
 * metrics.inc('sync_errors_total', { flow: 'companies-to-customers', code: 'permission_denied' });
 * metrics.value('sync_errors_total', { flow: 'companies-to-customers', code: 'permission_denied' }); // 1
 */
export class MetricsRegistry {
  private readonly series = new Map<string, CounterSample>();

  /** Adds `by` (default 1) to the series named by `name` and `labels`. */
  inc(name: string, labels: MetricLabels = {}, by = 1): void {
    const key = seriesKey(name, labels);
    const sample = this.series.get(key);
    if (sample) sample.value += by;
    else this.series.set(key, { name, labels: { ...labels }, value: by });
  }

  /** Current value of one series (0 when never incremented). */
  value(name: string, labels: MetricLabels = {}): number {
    return this.series.get(seriesKey(name, labels))?.value ?? 0;
  }

  /** Sum of every series of `name` whose labels include `match`. */
  total(name: string, match: MetricLabels = {}): number {
    let sum = 0;
    for (const s of this.series.values()) {
      if (s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v)) sum += s.value;
    }
    return sum;
  }

  /** Every series, for exposition and reports. */
  samples(): CounterSample[] {
    return [...this.series.values()].map((s) => ({ ...s, labels: { ...s.labels } }));
  }
}

function seriesKey(name: string, labels: MetricLabels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`);
  return `${name}{${parts.join(',')}}`;
}

/** The process-wide registry the composition root and the engine share by default. */
export const metrics = new MetricsRegistry();
