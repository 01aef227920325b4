import { describe, expect, it } from 'vitest';
import { jobIdCodec } from './job-id-codec';

describe('jobIdCodec', () => {
  const ids = ['companies:p1', 'run-7/sync/0', '42', 'a%3Ab', '%', ':', '::%%:', 'id-already', 'ünïcode:☃', ''];

  it('round-trips every id exactly', () => {
    for (const id of ids) expect(jobIdCodec.decode(jobIdCodec.encode(id))).toBe(id);
  });

  it('produces ids BullMQ accepts: no ":" and never an integer', () => {
    for (const id of ids) {
      const encoded = jobIdCodec.encode(id);
      expect(encoded).not.toContain(':');
      expect(`${Number.parseInt(encoded, 10)}`).not.toBe(encoded);
    }
  });

  it('keeps distinct ids distinct', () => {
    expect(new Set(ids.map((id) => jobIdCodec.encode(id))).size).toBe(ids.length);
    expect(jobIdCodec.encode('a:b')).not.toBe(jobIdCodec.encode('a%3Ab'));
  });
});
