import { describe, expect, it } from 'vitest';
import { ENTITY_SETS } from './erp-entities';
import { compileFilter, FilterError } from './odata-filter';

const customers = ENTITY_SETS.customers;
const record = {
  id: '5d115c9c-44e3-ea11-bb43-000d3a2feca1',
  displayName: "O'Brien & Sons",
  city: 'Atlanta',
  creditLimit: 5000,
  taxLiable: true,
  lastModifiedDateTime: '2026-03-01T10:00:00.000Z',
};
const matches = (filter: string) => compileFilter(filter, customers).test(record);

describe('compileFilter', () => {
  it('compares strings case-insensitively, like BC', () => {
    expect(matches("city eq 'ATLANTA'")).toBe(true);
    expect(matches("city ne 'atlanta'")).toBe(false);
    expect(matches("city gt 'Aa'")).toBe(true);
  });

  it("reads '' as an escaped quote", () => {
    expect(matches("displayName eq 'O''Brien & Sons'")).toBe(true);
  });

  it('compares datetimes given unquoted, quoted or as a date, at millisecond precision', () => {
    expect(matches('lastModifiedDateTime gt 2026-01-01T00:00:00Z')).toBe(true);
    expect(matches("lastModifiedDateTime lt '2026-03-01T10:00:00.001Z'")).toBe(true);
    expect(matches('lastModifiedDateTime ge 2026-03-01T10:00:00.000Z')).toBe(true);
    expect(matches('lastModifiedDateTime gt 2026-03-01T10:00:00.000Z')).toBe(false);
    expect(matches('lastModifiedDateTime le 2026-03-01')).toBe(false);
    expect(matches('lastModifiedDateTime gt 2026-03-01T11:00:00+02:00')).toBe(true);
  });

  it('handles numbers, booleans, GUIDs and null', () => {
    expect(matches('creditLimit ge 5000 and creditLimit lt 5000.5')).toBe(true);
    expect(matches('taxLiable eq true')).toBe(true);
    expect(matches('id eq 5D115C9C-44E3-EA11-BB43-000D3A2FECA1')).toBe(true);
    expect(matches("id eq '5d115c9c-44e3-ea11-bb43-000d3a2feca1'")).toBe(true);
    expect(matches('email eq null')).toBe(true);
  });

  it('gives and precedence over or, and honours parentheses and not', () => {
    expect(matches("city eq 'x' and creditLimit eq 1 or taxLiable eq true")).toBe(true);
    expect(matches("city eq 'x' and (creditLimit eq 1 or taxLiable eq true)")).toBe(false);
    expect(matches("not (city eq 'x')")).toBe(true);
  });

  it.each([
    ["nope eq 'x'", /Could not find a property named 'nope'/],
    ["city eq 'x", /Unterminated string/],
    ["city eq 'x' and", /expected an expression/],
    ['city eq 5', /incompatible types.*Edm.String/],
    ["creditLimit eq '5'", /incompatible types/],
    ["city like 'x'", /expected eq, ne, gt, ge, lt or le/],
    ["(city eq 'x'", /expected '\)'/],
    ["city eq 'x' city", /expected 'and', 'or' or the end/],
    ["lastModifiedDateTime gt 'soon'", /not a valid datetime/],
    ['city eq #', /unexpected character '#'/],
  ])('rejects %s', (filter, message) => {
    expect(() => compileFilter(filter, customers)).toThrow(FilterError);
    expect(() => compileFilter(filter, customers)).toThrow(message);
  });
});
