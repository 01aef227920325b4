import { describe, expect, it } from 'vitest';
import type { EntityDescription } from '../connectors';
import { compareDescriptions } from './schema-drift';

const expected: EntityDescription = {
  entity: 'company',
  fields: [
    { name: 'name', type: 'string' },
    { name: 'fax', type: 'string' },
    { name: 'industry', type: 'enumeration', options: ['RETAIL', 'MACHINERY'] },
    { name: 'employees', type: 'string' },
    { name: 'custom', type: 'unknown' },
  ],
};

describe('compareDescriptions', () => {
  it('reports added, removed and retyped fields and flags the ones the flow uses', () => {
    const live: EntityDescription = {
      entity: 'company',
      fields: [
        { name: 'name', type: 'string' },
        { name: 'industry', type: 'enumeration', options: ['RETAIL', 'MINING'] },
        { name: 'employees', type: 'number' },
        { name: 'custom', type: 'string' },
        { name: 'linkedin', type: 'string' },
      ],
    };
    expect(compareDescriptions(expected, live, new Set(['industry', 'fax']))).toEqual([
      {
        field: 'industry',
        change: 'retyped',
        detail: 'options added: "MINING"; options removed: "MACHINERY"',
        used: true,
      },
      { field: 'employees', change: 'retyped', detail: 'string -> number', used: false },
      { field: 'linkedin', change: 'added', detail: 'string', used: false },
      { field: 'fax', change: 'removed', used: true },
    ]);
  });

  it('finds nothing when the live schema matches', () => {
    expect(compareDescriptions(expected, expected, new Set())).toEqual([]);
  });
});
