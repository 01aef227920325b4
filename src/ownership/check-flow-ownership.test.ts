import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFlowFile } from '../mapping/load-flow-file';
import { formatProblem } from '../mapping/load-mappings';
import { checkFlowOwnership } from './check-flow-ownership';
import { loadOwnershipTable, typeOf } from './ownership-table';

const { table, problems: tableProblems } = loadOwnershipTable(
  'mappings/ownership.yaml',
  readFileSync('mappings/ownership.yaml', 'utf8'),
);
const roleOf = (c: string) => (c === 'crm' || c === 'erp' ? c : undefined);

function check(text: string): string[] {
  const { flow, problems } = loadFlowFile('mappings/test.yaml', undefined, text);
  expect(problems).toEqual([]);
  return checkFlowOwnership(flow!.spec, table!, roleOf).map((v) =>
    formatProblem({ file: 'mappings/test.yaml', ...flow!.source.positionOf(v.path), message: v.message }),
  );
}

const flow = (head: string, fields: string) => `flow: f\nversion: 1\n${head}\nlink: company\nfields:\n${fields}`;

describe('ownership table', () => {
  it('loads the shipped table', () => {
    expect(tableProblems).toEqual([]);
    expect(typeOf(table!, 'erp', 'customer')?.name).toBe('company');
    expect(typeOf(table!, 'crm', 'ticket')?.type.master).toBe('crm-only');
  });

  it('names file:line for a bad master and an entity listed twice', () => {
    const text =
      'types:\n  a: { master: crm, crm: company }\n  b:\n    master: nobody\n  c: { master: erp, crm: company }\n';
    const { problems } = loadOwnershipTable('own.yaml', text);
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^own\.yaml:4:5: types\.b\.master: /)]);
    const dup = loadOwnershipTable(
      'own.yaml',
      'types:\n  a: { master: crm, crm: company }\n  c: { master: erp, crm: company }\n',
    );
    expect(dup.problems.map(formatProblem)).toEqual([
      'own.yaml:3:21: crm entity "company" is already listed under "a"',
    ]);
  });
});

describe('checkFlowOwnership', () => {
  it('refuses a ticket flow at the line of the ticket entity', () => {
    const found = check(
      flow(
        'source: { connector: crm, entity: ticket }\ntarget:\n  connector: erp\n  entity: customer',
        '  displayName: { from: subject }\n',
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(
        /^mappings\/test\.yaml:3:27: source entity "ticket" is the ticket type, which is crm-only and never synced \(mappings\/ownership\.yaml:\d+\)$/,
      ),
    ]);
  });

  it('accepts companies -> customers as shipped', () => {
    const text = readFileSync('mappings/companies-to-customers.yaml', 'utf8');
    const { flow: loaded } = loadFlowFile('mappings/companies-to-customers.yaml', undefined, text);
    expect(checkFlowOwnership(loaded!.spec, table!, roleOf)).toEqual([]);
  });

  it('refuses a CRM flow overwriting the ERP-owned credit limit, unless it is declared create-only', () => {
    const head = 'source: { connector: crm, entity: company }\ntarget: { connector: erp, entity: customer }';
    const found = check(flow(head, '  displayName: { from: name }\n  creditLimit: { const: 100 }\n'));
    expect(found).toEqual([
      expect.stringMatching(
        /^mappings\/test\.yaml:8:3: field creditLimit: the erp owns it .* but this flow treats it as the crm's/,
      ),
    ]);
    const declared = `${head}\nownership:\n  master: source\n  fields: { creditLimit: target }`;
    expect(check(flow(declared, '  displayName: { from: name }\n  creditLimit: { const: 0 }\n'))).toEqual([]);
  });

  it('refuses a reverse flow that claims to master the company; accepts it for ERP-owned fields', () => {
    const head = 'source: { connector: erp, entity: customer }\ntarget: { connector: crm, entity: company }';
    const wrong = check(flow(head, '  name: { from: displayName }\n'));
    expect(wrong[0]).toMatch(/^mappings\/test\.yaml:4:27: ownership\.master: the crm masters company/);
    const right = `${head}\nwrite: update-only\nownership:\n  master: target\n  fields: { erp_credit_limit: source }`;
    expect(check(flow(right, '  erp_credit_limit: { from: creditLimit }\n'))).toEqual([]);
    expect(check(flow(right, '  erp_credit_limit: { from: creditLimit }\n  name: { from: displayName }\n'))).toEqual([
      expect.stringMatching(
        /^mappings\/test\.yaml:12:3: field name: the crm owns it .*; this update-only flow would overwrite/,
      ),
    ]);
  });
});
