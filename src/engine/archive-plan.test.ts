import { describe, expect, it } from 'vitest';
import type { ConnectorRecord } from '../connectors';
import type { Xref } from '../store';
import { planArchives } from './archive-plan';
import type { FlowRuntime } from './flow-runtime';

const flow = (archive: FlowRuntime['spec']['archive']) =>
  ({ sourceSide: 'crm', mapping: { version: '1-abc' }, spec: { archive } }) as unknown as FlowRuntime;
const record = (id: string): ConnectorRecord => ({ id, updatedAt: '2026-01-01T00:00:00Z', fields: {}, archived: true });
const link = (crmId: string, erpId: string, sourceFingerprint: string | null = 'old'): Xref => ({
  kind: 'company',
  crmId,
  erpId,
  sourceFingerprint,
  writtenFingerprint: 'w',
  mappingVersion: '1-abc',
  updatedAt: 0,
});

describe('planArchives', () => {
  const links = new Map([['1', link('1', 'C-1')]]);

  it('updates the linked target with the rule constants, and never creates for an unlinked record', () => {
    const plan = planArchives(flow({ fields: { blocked: { const: 'All' } } }), [record('1'), record('2')], links);
    expect(plan.updates.map((u) => u.item)).toEqual([{ key: '1', id: 'C-1', fields: { blocked: 'All' } }]);
    expect(plan.skipped).toBe(1);
    expect(plan.history[0]).toMatchObject({ sourceId: '2', action: 'skipped' });
  });

  it('is unchanged once applied, so a re-read or redelivered archive writes nothing', () => {
    const rule = { fields: { blocked: { const: 'All' } } } as const;
    const first = planArchives(flow(rule), [record('1')], links);
    const applied = new Map([['1', link('1', 'C-1', first.updates[0]!.sourceFingerprint)]]);
    const second = planArchives(flow(rule), [record('1')], applied);
    expect(second).toMatchObject({ updates: [], archives: [], unchanged: 1 });
  });

  it('archives the target under `archive`, and skips under `ignore`', () => {
    expect(planArchives(flow('archive'), [record('1')], links).archives).toMatchObject([{ targetId: 'C-1' }]);
    expect(planArchives(flow('ignore'), [record('1')], links)).toMatchObject({ updates: [], archives: [], skipped: 1 });
  });
});
