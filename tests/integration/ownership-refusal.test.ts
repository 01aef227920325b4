import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env';
import { bindFlows } from '../../src/engine';
import { IntegrationError } from '../../src/errors';
import { buildRegistry } from '../../src/main';
import {
  compileMapping,
  loadFlowFile,
  loadMappings,
  MappingFilesInvalidError,
  validateMappings,
} from '../../src/mapping';
import { loadOwnershipTable } from '../../src/ownership/ownership-table';

const TICKETS = `flow: tickets-to-customers
version: 1
source: { connector: crm, entity: ticket }
target: { connector: erp, entity: customer }
link: company
fields:
  displayName: { from: subject }
`;

describe('flows the ownership table forbids', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-ownership-refusal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mapping validation refuses a ticket flow with file:line, and the folder does not load', () => {
    copyFileSync('mappings/ownership.yaml', join(dir, 'ownership.yaml'));
    const file = join(dir, 'tickets-to-customers.yaml');
    writeFileSync(file, TICKETS);
    const { problems } = validateMappings([file]);
    expect(problems).toEqual([
      expect.objectContaining({
        file: relative(process.cwd(), file),
        line: 3,
        message: expect.stringContaining('crm-only and never synced'),
      }),
    ]);
    expect(() => loadMappings(dir)).toThrow(MappingFilesInvalidError);
  });

  it('the engine refuses it again when binding, with code ownership_refused', () => {
    const { flow } = loadFlowFile('mappings/tickets-to-customers.yaml', undefined, TICKETS);
    const { table } = loadOwnershipTable('mappings/ownership.yaml');
    const env = loadEnv({ DATABASE_PATH: ':memory:' });
    const registry = buildRegistry(env, { crmUrl: 'http://127.0.0.1:9', erpUrl: 'http://127.0.0.1:9' });
    const bind = () => bindFlows([{ loaded: flow!, mapping: compileMapping(flow!), ownership: table! }], registry);
    expect(bind).toThrow(IntegrationError);
    try {
      bind();
    } catch (error) {
      expect((error as IntegrationError).code).toBe('ownership_refused');
      expect((error as Error).message).toMatch(/^mappings\/tickets-to-customers\.yaml:3: source entity "ticket"/);
    }
  });
});
