import { checkYearSchedule, holidayName, ScheduleError, toHolidayCalendar } from './national-schedule';
import { thrownCode } from '../../common/__fixtures__/thrown-code';

const codeOf = (fn: () => unknown) => thrownCode(fn, ScheduleError);

describe('holidayName', () => {
  it('writes the abbreviated festivals in full and leaves the rest', () => {
    expect(['清明', '端午', '中秋', ' 国庆节 ', '元旦'].map(holidayName)).toEqual(['清明节', '端午节', '中秋节', '国庆节', '元旦']);
  });
});

describe('checkYearSchedule', () => {
  it('sorts the days and names them in full', () => {
    expect(
      checkYearSchedule(2027, [
        { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2027-09-15', kind: 'holiday', name: '中秋' },
        { date: '2027-09-26', kind: 'makeup_workday', name: '国庆节' },
      ]),
    ).toEqual([
      { date: '2027-09-15', kind: 'holiday', name: '中秋节' },
      { date: '2027-09-26', kind: 'makeup_workday', name: '国庆节' },
      { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
    ]);
  });

  it.each([
    ['a year out of bounds', 1999, [{ date: '1999-01-01', kind: 'holiday', name: '元旦' }], 'INVALID_YEAR'],
    ['no days', 2027, [], 'EMPTY_SCHEDULE'],
    ['an impossible date', 2027, [{ date: '2027-02-30', kind: 'holiday', name: '春节' }], 'INVALID_DATE'],
    ['a date of another year', 2027, [{ date: '2026-12-31', kind: 'holiday', name: '元旦' }], 'DATE_OUTSIDE_YEAR'],
    [
      'a date twice',
      2027,
      [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      ],
      'DUPLICATE_DATE',
    ],
    ['a make-up working day on a Monday', 2027, [{ date: '2027-01-04', kind: 'makeup_workday', name: '元旦' }], 'MAKEUP_NOT_WEEKEND'],
  ] as const)('refuses %s', (_what, year, days, code) => {
    expect(codeOf(() => checkYearSchedule(year, days))).toBe(code);
  });
});

describe('toHolidayCalendar', () => {
  it('splits days off from make-up working days', () => {
    const calendar = toHolidayCalendar(
      [
        { date: '2025-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2025-09-28', kind: 'makeup_workday', name: '国庆节' },
      ],
      [2025],
    );
    expect([...calendar.holidays]).toEqual([['2025-10-01', '国庆节']]);
    expect([...calendar.makeupWorkdays]).toEqual([['2025-09-28', '国庆节']]);
    expect([...calendar.loadedYears]).toEqual([2025]);
  });
});
