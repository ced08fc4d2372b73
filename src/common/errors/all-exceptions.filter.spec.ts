import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter';

function pgError(code: string): QueryFailedError {
  return new QueryFailedError('insert …', [], Object.assign(new Error('value refused'), { code }));
}

describe('AllExceptionsFilter: values PostgreSQL refuses', () => {
  const filter = new AllExceptionsFilter();

  it.each(['22001', '22003', '22007', '22008', '22021', '22P05', '54001'])(
    "answers SQLSTATE %s as the client's 400 INPUT_OUT_OF_RANGE, not a 500",
    (code) => {
      expect(filter.toBody(pgError(code), { id: 'r1' })).toEqual({
        statusCode: 400,
        code: 'INPUT_OUT_OF_RANGE',
        message: '数值、日期或文本长度超出允许范围',
        details: { sqlstate: code },
        requestId: 'r1',
      });
    },
  );

  it('still answers an unknown database error with a 500', () => {
    expect(filter.toBody(pgError('XX000'), { id: 'r2' })).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
  });
});
