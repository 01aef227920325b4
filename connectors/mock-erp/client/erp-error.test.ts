import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors';
import { errorFromErpFailure } from './erp-error';

const operation = 'POST salesOrders';

describe('errorFromErpFailure', () => {
  it('makes a BC business-rule 400 (Application_*) a permanent record_rejected with the ERP text', () => {
    const message = 'Customer C00010 "Adatum" would exceed its credit limit of 50,000.00 by 1,234.00.';
    const error = errorFromErpFailure({
      status: 400,
      body: JSON.stringify({ error: { code: 'Application_CreditLimitExceeded', message } }),
      operation,
    });
    expect(error).toMatchObject({ code: 'record_rejected', message, retryable: false, status: 400 });
    expect(error.details).toMatchObject({ erpCode: 'Application_CreditLimitExceeded', operation });
  });

  it('keeps field-level and other 400s as validation_failed', () => {
    const field = errorFromErpFailure({
      status: 400,
      body: {
        error: {
          code: 'Internal_FieldValidation',
          message: 'bad e-mail',
          details: [{ code: 'Internal_FieldValidation', target: 'email', message: 'bad e-mail' }],
        },
      },
      operation,
    });
    expect(field).toBeInstanceOf(ValidationError);
    expect((field as ValidationError).fieldErrors).toEqual([{ field: 'email', message: 'bad e-mail' }]);
    const plain = errorFromErpFailure({
      status: 400,
      body: { error: { code: 'BadRequest', message: 'no' } },
      operation,
    });
    expect(plain.code).toBe('validation_failed');
    // An Application_* code on another status is not a business rule refusal.
    const server = errorFromErpFailure({
      status: 500,
      body: { error: { code: 'Application_X', message: 'x' } },
      operation,
    });
    expect(server.code).toBe('server_error');
  });
});
