import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { errorFromTrytonRpc } from './tryton-error';
import { decodeValues, fromTrytonDateTime, toTrytonDateTime } from './tryton-values';

describe('errorFromTrytonRpc', () => {
  const userError = (message: string) => ['UserError', [message, '', null]] as [string, unknown];

  it('tells access, missing records and validation apart by wording, all sent as UserError', () => {
    const denied = errorFromTrytonRpc(userError('You are not allowed to access "Product Template".'), 'model.x.create');
    expect(denied).toMatchObject({ code: 'permission_denied', retryable: false });
    const missing = errorFromTrytonRpc(
      userError('You are trying to read records "999" of "Party" that don\'t exist anymore.'),
      'model.party.party.read',
    );
    expect(missing.code).toBe('not_found');
    const invalid = errorFromTrytonRpc(
      userError('A value is required for field "Default UOM" in "Product Template".'),
      'model.product.template.create',
      (model, label) => (model === 'product.template' && label === 'Default UOM' ? 'default_uom' : undefined),
    );
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fieldErrors).toEqual([
      { field: 'default_uom', message: 'A value is required for field "Default UOM" in "Product Template".' },
    ]);
  });

  it('maps login failures to auth_failed and Python exceptions to a non-retryable server_error', () => {
    expect(errorFromTrytonRpc(['LoginException', ['password', 'Password', 'password']], 'common.db.login').code).toBe(
      'auth_failed',
    );
    const bug = errorFromTrytonRpc(["'wizard.nope'", 'Traceback...\nKeyError: wizard.nope'], 'wizard.nope.create');
    expect(bug).toMatchObject({ code: 'server_error', retryable: false });
    expect(bug.message).toContain('KeyError: wizard.nope');
  });
});

describe('Tryton values', () => {
  it('keeps Decimals exact and cuts microseconds so an inclusive bound still includes the record', () => {
    expect(
      decodeValues({
        p: { __class__: 'Decimal', decimal: '10.50' },
        d: { __class__: 'date', year: 2026, month: 1, day: 2 },
      }),
    ).toEqual({
      p: '10.50',
      d: '2026-01-02',
    });
    const at = {
      __class__: 'datetime',
      year: 2026,
      month: 1,
      day: 2,
      hour: 3,
      minute: 4,
      second: 5,
      microsecond: 678_901,
    } as const;
    const iso = fromTrytonDateTime(at);
    expect(iso).toBe('2026-01-02T03:04:05.678Z');
    expect(toTrytonDateTime(iso).microsecond).toBeLessThanOrEqual(at.microsecond);
  });
});
