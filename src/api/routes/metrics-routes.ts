import type { Hono } from 'hono';
import type { CounterSample, MetricsRegistry } from '../../observability/metrics';
import type { ApiToken } from '../middleware/bearer-auth';
import { bearerAuth } from '../middleware/bearer-auth';

const HELP: Record<string, string> = {
  sync_records_total: 'Records processed by flow and action',
  sync_errors_total: 'Record and job failures by flow and error code',
  sync_retries_total: 'Retries scheduled by flow and error code',
};

/**
 * Renders counters in the Prometheus text exposition format (0.0.4).
 *
 * @example
 * prometheusText(metrics.samples()) // '# TYPE sync_errors_total counter\nsync_errors_total{code="rate_limited"} 3\n'
 */
export function prometheusText(samples: readonly CounterSample[]): string {
  const byName = new Map<string, CounterSample[]>();
  for (const s of samples) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, series] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    if (HELP[name]) lines.push(`# HELP ${name} ${HELP[name]}`);
    lines.push(`# TYPE ${name} counter`);
    for (const s of series) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',');
      lines.push(`${name}${labels ? `{${labels}}` : ''} ${s.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `GET /metrics` for Prometheus (viewer token; scrapers send it as a bearer token). */
export function mountMetrics(app: Hono, metrics: MetricsRegistry | undefined, tokens: readonly ApiToken[]): void {
  app.get('/metrics', bearerAuth(tokens, 'viewer'), (c) =>
    c.text(prometheusText(metrics?.samples() ?? []), 200, { 'content-type': 'text/plain; version=0.0.4' }),
  );
}
