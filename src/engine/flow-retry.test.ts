import { describe, expect, it } from 'vitest';
import { FlowFile } from '../mapping/flow-schema';
import { retryOptionsFor } from './flow-retry';
import { JOB_CATALOG } from './job-catalog';

const flowFile = (retry: unknown) => ({
  flow: 'companies-to-customers',
  version: 1,
  source: { connector: 'crm', entity: 'company' },
  target: { connector: 'erp', entity: 'customer' },
  link: 'company',
  retry,
  fields: { displayName: { from: 'name' } },
});

describe('retryOptionsFor', () => {
  it("applies a flow's retry settings over the job catalog's policy, keeping its jitter", () => {
    const spec = FlowFile.parse(flowFile({ attempts: 10, maxMs: 2_000 }));
    expect(retryOptionsFor({ retry: spec.retry }, 'sync-page')).toEqual({
      attempts: 10,
      backoff: { ...JOB_CATALOG['sync-page'].backoff, maxMs: 2_000 },
    });
    expect(retryOptionsFor({}, 'read-page')).toEqual({
      attempts: JOB_CATALOG['read-page'].attempts,
      backoff: JOB_CATALOG['read-page'].backoff,
    });
  });

  it('rejects a misspelt retry key, like every other flow key', () => {
    expect(FlowFile.safeParse(flowFile({ attemps: 3 })).success).toBe(false);
  });
});
