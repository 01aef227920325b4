import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics';

describe('MetricsRegistry', () => {
  it('counts per label set, whatever the label order, and sums across series', () => {
    const m = new MetricsRegistry();
    m.inc('sync_errors_total', { flow: 'a', code: 'permission_denied' });
    m.inc('sync_errors_total', { code: 'permission_denied', flow: 'a' }, 2);
    m.inc('sync_errors_total', { flow: 'b', code: 'validation_failed' });
    expect(m.value('sync_errors_total', { flow: 'a', code: 'permission_denied' })).toBe(3);
    expect(m.total('sync_errors_total')).toBe(4);
    expect(m.total('sync_errors_total', { code: 'validation_failed' })).toBe(1);
    expect(m.samples()).toHaveLength(2);
  });
});
