import { at, local, officialCalendar, STANDARD_HOURS, standardIndex } from './__fixtures__/official-schedules';
import { buildCalendarIndex } from './calendar-index';
import { ClockError, HolidayCalendar } from './calendar-types';
import { thrownCode } from '../../common/__fixtures__/thrown-code';

const noHolidays = (years: number[]): HolidayCalendar => ({
  holidays: new Map(),
  makeupWorkdays: new Map(),
  loadedYears: new Set(years),
});

const codeOf = (fn: () => unknown) => thrownCode(fn, ClockError);

describe('buildCalendarIndex', () => {
  const index = standardIndex();

  it('classifies days from the national schedule', () => {
    const day = (d: string) => index.dayOfDate(d);
    expect(index.isWorkingDay(day('2025-09-26'))).toBe(true); // Friday
    expect(index.restDay(day('2025-09-27'))).toEqual({ kind: 'weekend', name: '周六' });
    expect(index.isWorkingDay(day('2025-09-28'))).toBe(true); // Sunday, 调休上班
    expect(index.restDay(day('2025-10-04'))).toEqual({ kind: 'holiday', name: '国庆节、中秋节' });
    expect(index.isWorkingDay(day('2025-10-11'))).toBe(true); // Saturday, 调休上班
    expect(index.restDay(day('2026-02-23'))).toEqual({ kind: 'holiday', name: '春节' });
    expect(index.isWorkingDay(day('2026-02-28'))).toBe(true);
  });

  it('stores working periods as UTC instants of the local hours', () => {
    expect(index.periodsOf(index.dayOfDate('2025-03-03'))).toEqual([
      { startMs: Date.parse('2025-03-03T01:00:00Z'), endMs: Date.parse('2025-03-03T04:00:00Z') },
      { startMs: Date.parse('2025-03-03T05:30:00Z'), endMs: Date.parse('2025-03-03T09:30:00Z') },
    ]);
    expect(index.periodsOf(index.dayOfDate('2025-03-08'))).toEqual([]);
    expect(index.standardDayMs).toBe(7 * 3_600_000);
  });

  it('maps instants to local days at local midnight', () => {
    expect(index.dateOf(index.dayOf(Date.parse('2025-03-02T15:59:59.999Z')))).toBe('2025-03-02');
    expect(index.dateOf(index.dayOf(Date.parse('2025-03-02T16:00:00Z')))).toBe('2025-03-03');
    expect(codeOf(() => index.dayOf(Date.parse('2023-12-31T15:59:59Z')))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => index.dayOf(Date.parse('2027-12-31T16:00:00Z')))).toBe('OUT_OF_RANGE');
  });

  it('counts years without a loaded schedule Monday to Friday and flags them provisional', () => {
    const calendar = officialCalendar();
    // An entry for a year that is not loaded is ignored, not half-applied.
    const withStray = { ...calendar, holidays: new Map([...calendar.holidays, ['2027-01-01', '元旦']]) };
    const idx = buildCalendarIndex({ calendar: withStray, workingHours: STANDARD_HOURS, fromYear: 2026, toYear: 2027 });
    const jan1 = idx.dayOfDate('2027-01-01');
    expect(idx.isWorkingDay(jan1)).toBe(true);
    expect(idx.hasProvisionalDays(jan1, jan1)).toBe(true);
    expect(idx.restDay(idx.dayOfDate('2027-01-02'))).toEqual({ kind: 'weekend', name: '周六' });
    expect(idx.hasProvisionalDays(idx.dayOfDate('2026-01-01'), idx.dayOfDate('2026-12-31'))).toBe(false);
  });

  it('lets hall overrides win over the national schedule', () => {
    const idx = standardIndex([
      { date: '2025-03-05', kind: 'closed', name: '系统升级' },
      { date: '2025-03-08', kind: 'open', hours: [{ start: '09:00', end: '12:00' }] },
      { date: '2025-10-02', kind: 'open' },
    ]);
    expect(idx.restDay(idx.dayOfDate('2025-03-05'))).toEqual({ kind: 'closed', name: '系统升级' });
    expect(local(idx.closingMs(idx.dayOfDate('2025-03-08')))).toBe('2025-03-08 12:00');
    expect(local(idx.closingMs(idx.dayOfDate('2025-10-02')))).toBe('2025-10-02 17:30');
  });

  it('gives O(1) working-day ordinals', () => {
    const fri = index.dayOfDate('2025-09-26');
    const next = index.workingDayAt(index.workingOrdinalAfter(fri));
    expect(index.dateOf(next)).toBe('2025-09-28');
    expect(index.dateOf(index.workingDayAt(index.workingOrdinalAfter(fri) + 3))).toBe('2025-10-09');
    expect(codeOf(() => index.workingDayAt(index.workingDayCount))).toBe('OUT_OF_RANGE');
  });

  it('converts between instants and working time', () => {
    const w = index.workingMsAt(at('2025-03-03 11:00'));
    expect(index.workingMsAt(at('2025-03-03 12:45'))).toBe(w + 3_600_000);
    // Work that ends at lunch is due at 12:00, not when the afternoon opens.
    expect(local(index.instantAtWorkingMs(w + 3_600_000))).toBe('2025-03-03 12:00');
    expect(local(index.instantAtWorkingMs(w + 3_600_000 + 1))).toBe('2025-03-03 13:30:00.001');
  });

  it('is immutable', () => {
    expect(Object.isFrozen(index)).toBe(true);
    expect(() => {
      (index as { dayCount: number }).dayCount = 1;
    }).toThrow(TypeError);
  });

  it('follows daylight saving in zones that have it', () => {
    const idx = buildCalendarIndex({
      calendar: noHolidays([2025]),
      overrides: [
        { date: '2025-03-30', kind: 'open' }, // Sunday, clocks go 02:00 → 03:00
        { date: '2025-10-26', kind: 'open' }, // Sunday, clocks go 03:00 → 02:00
      ],
      timezone: 'Europe/Berlin',
      workingHours: STANDARD_HOURS,
      fromYear: 2025,
      toYear: 2025,
    });
    const open = (d: string) => new Date(idx.openingMs(idx.dayOfDate(d))).toISOString();
    const close = (d: string) => new Date(idx.closingMs(idx.dayOfDate(d))).toISOString();
    expect(open('2025-03-28')).toBe('2025-03-28T08:00:00.000Z');
    expect(open('2025-03-30')).toBe('2025-03-30T07:00:00.000Z');
    expect(close('2025-03-30')).toBe('2025-03-30T15:30:00.000Z');
    expect(open('2025-03-31')).toBe('2025-03-31T07:00:00.000Z');
    expect(open('2025-10-26')).toBe('2025-10-26T08:00:00.000Z');
    expect(idx.dayStartMs(idx.dayOfDate('2025-03-31'))).toBe(Date.parse('2025-03-30T22:00:00Z'));
    expect(idx.dateOf(idx.dayOf(Date.parse('2025-03-30T22:30:00Z')))).toBe('2025-03-31');
    expect(idx.dateOf(idx.dayOf(Date.parse('2025-03-30T21:59:59Z')))).toBe('2025-03-30');
  });

  it.each<[object, string]>([
    [{ workingHours: [] }, 'INVALID_WORKING_HOURS'],
    [{ workingHours: [{ start: '9:00', end: '12:00' }] }, 'INVALID_WORKING_HOURS'],
    [{ workingHours: [{ start: '13:00', end: '12:00' }] }, 'INVALID_WORKING_HOURS'],
    [
      {
        workingHours: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '17:00' },
        ],
      },
      'INVALID_WORKING_HOURS',
    ],
    [{ timezone: 'Mars/Olympus_Mons' }, 'INVALID_TIMEZONE'],
    [{ fromYear: 2026 }, 'INVALID_YEAR_RANGE'],
    [{ overrides: [{ date: '2025-02-30', kind: 'closed' }] }, 'INVALID_DATE'],
    [
      {
        overrides: [
          { date: '2025-03-05', kind: 'closed' },
          { date: '2025-03-05', kind: 'open' },
        ],
      },
      'DUPLICATE_OVERRIDE',
    ],
  ])('rejects bad configuration %j with %s', (patch, code) => {
    const build = () =>
      buildCalendarIndex({ calendar: noHolidays([2025]), workingHours: STANDARD_HOURS, fromYear: 2025, toYear: 2025, ...patch });
    expect(codeOf(build)).toBe(code);
  });
});
