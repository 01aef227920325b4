import { randomBytes } from 'node:crypto';
import type { Env } from '../config/env';
import type { FlowRuntime } from '../engine';
import type { FlowSummary } from './api-schemas';
import type { ApiToken } from './middleware/bearer-auth';

/**
 * Admin tokens from the environment; one random admin token when none is configured, returned
 * as `generated` so the caller can print it once.
 *
 * @example
 * const { tokens, generated } = adminTokens({ ADMIN_TOKENS: 'a,b', VIEWER_TOKENS: undefined });
 */
export function adminTokens(env: Pick<Env, 'ADMIN_TOKENS' | 'VIEWER_TOKENS'>): {
  tokens: ApiToken[];
  generated?: string;
} {
  const list = (value: string | undefined) =>
    (value ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  const tokens: ApiToken[] = [
    ...list(env.ADMIN_TOKENS).map((token) => ({ token, role: 'admin' as const })),
    ...list(env.VIEWER_TOKENS).map((token) => ({ token, role: 'viewer' as const })),
  ];
  if (tokens.some((t) => t.role === 'admin')) return { tokens };
  const generated = randomBytes(24).toString('base64url');
  return { tokens: [...tokens, { token: generated, role: 'admin' }], generated };
}

/**
 * A flow as the admin API lists it.
 *
 * @example
 * deps.flows = () => flows.map(describeFlow);
 */
export function describeFlow(flow: FlowRuntime): FlowSummary {
  return {
    name: flow.name,
    ...(flow.spec.description ? { description: flow.spec.description } : {}),
    source: flow.spec.source,
    target: flow.spec.target,
    mappingVersion: flow.mapping.version,
    ...(flow.pollMs ? { pollMs: flow.pollMs } : {}),
    dependsOn: flow.spec.dependsOn,
    enabled: flow.spec.enabled,
    enabledSource: 'mapping',
    mappingEnabled: flow.spec.enabled,
    ...(flow.file ? { file: flow.file } : {}),
  };
}
