import { describe, expect, it } from 'vitest';
import { CURSOR_SAFETY_MS, nextCursor } from './read-page';

describe('nextCursor', () => {
  const start = Date.parse('2026-03-01T12:00:00.000Z');

  it('uses the greatest updatedAt seen when it is older than the read', () => {
    expect(nextCursor(null, '2026-02-01T00:00:00.000Z', start)).toBe('2026-02-01T00:00:00.000Z');
  });

  it('never moves past the read start minus the margin, so edits made during the read are not skipped', () => {
    expect(nextCursor(null, '2026-03-01T12:00:03.000Z', start)).toBe(new Date(start - CURSOR_SAFETY_MS).toISOString());
  });

  it('never moves backwards and keeps the old cursor when nothing was read', () => {
    const since = '2026-03-01T11:59:58.000Z';
    expect(nextCursor(since, '2026-03-01T11:59:59.000Z', start)).toBe(since);
    expect(nextCursor(since, null, start)).toBe(since);
    expect(nextCursor(null, null, start)).toBeNull();
  });
});
