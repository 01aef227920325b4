import { describe, expect, it } from 'vitest';
import { adminTokens } from './admin-wiring';

describe('adminTokens', () => {
  it('reads comma-separated admin and viewer tokens and generates nothing when an admin token exists', () => {
    const { tokens, generated } = adminTokens({ ADMIN_TOKENS: ' a1 , a2', VIEWER_TOKENS: 'v1' });
    expect(tokens).toEqual([
      { token: 'a1', role: 'admin' },
      { token: 'a2', role: 'admin' },
      { token: 'v1', role: 'viewer' },
    ]);
    expect(generated).toBeUndefined();
  });

  it('generates one random admin token when none is configured, even with viewer tokens', () => {
    const first = adminTokens({ ADMIN_TOKENS: undefined, VIEWER_TOKENS: 'v1' });
    const second = adminTokens({ ADMIN_TOKENS: '', VIEWER_TOKENS: undefined });
    expect(first.generated).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.tokens).toContainEqual({ token: first.generated, role: 'admin' });
    expect(second.generated).not.toBe(first.generated);
  });
});
