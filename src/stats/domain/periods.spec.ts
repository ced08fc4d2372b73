import { AppException } from '../../common/errors/app-exception';
import { checkRange, hourLabel, periodLabel, splitIntoMonths } from './periods';
import { thrownCode } from '../../common/__fixtures__/thrown-code';

const codeOf = (fn: () => unknown) => thrownCode(fn, AppException);

describe('report ranges', () => {
  it('refuses a range that ends before it starts, or spans three years or more', () => {
    expect(codeOf(() => checkRange('2025-01-01', '2025-01-01'))).toBeUndefined();
    expect(codeOf(() => checkRange('2025-01-02', '2025-01-01'))).toBe('STATS_RANGE_INVALID');
    expect(codeOf(() => checkRange('2023-01-01', '2025-12-31'))).toBeUndefined();
    expect(codeOf(() => checkRange('2023-01-01', '2026-01-01'))).toBe('STATS_RANGE_TOO_LONG');
    expect(codeOf(() => checkRange('2024-02-29', '2027-02-28'))).toBeUndefined();
    expect(codeOf(() => checkRange('2024-02-29', '2027-03-01'))).toBe('STATS_RANGE_TOO_LONG');
  });

  it('splits a range into whole months and the days at either end', () => {
    expect(splitIntoMonths('2025-01-01', '2025-12-31')).toEqual({ months: ['2025-01-01', '2025-12-01'], days: [] });
    expect(splitIntoMonths('2025-01-15', '2025-03-10')).toEqual({
      months: ['2025-02-01', '2025-02-01'],
      days: [
        ['2025-01-15', '2025-01-31'],
        ['2025-03-01', '2025-03-10'],
      ],
    });
    expect(splitIntoMonths('2025-01-15', '2025-02-10')).toEqual({ months: null, days: [['2025-01-15', '2025-02-10']] });
    expect(splitIntoMonths('2025-02-01', '2025-02-28')).toEqual({ months: ['2025-02-01', '2025-02-01'], days: [] });
    expect(splitIntoMonths('2024-12-31', '2025-01-31')).toEqual({
      months: ['2025-01-01', '2025-01-01'],
      days: [['2024-12-31', '2024-12-31']],
    });
  });

  it('labels periods and hours', () => {
    expect(periodLabel('day', '2025-03-05')).toBe('2025-03-05');
    expect(periodLabel('week', '2025-03-03')).toBe('2025-03-03 至 2025-03-09');
    expect(periodLabel('month', '2025-03-01')).toBe('2025-03');
    expect(hourLabel(9)).toBe('09:00–10:00');
  });
});
