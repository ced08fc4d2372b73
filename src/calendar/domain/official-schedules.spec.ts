/**
 * The database seeds the calendar from the `chinese-days` package; this pins that package to
 * the notices as copied by hand, so a wrong package release fails here and not in a deadline.
 */
import { getDayDetail, getHolidaysInRange, isHoliday, isInLieu, isWorkday } from 'chinese-days';
import { NOTICE_2025, NOTICE_2026, officialCalendar } from './__fixtures__/official-schedules';

describe.each([NOTICE_2025, NOTICE_2026])('chinese-days agrees with the notice for $year', (notice) => {
  const calendar = officialCalendar([notice]);
  const year = notice.year;
  const everyDay: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
    everyDay.push(new Date(ms).toISOString().slice(0, 10));
  }
  const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

  it('on the holidays', () => {
    expect(getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false)).toEqual([...calendar.holidays.keys()].sort());
  });

  it('on the make-up working days', () => {
    const makeup = everyDay.filter((d) => isWeekend(d) && isWorkday(d));
    expect(makeup).toEqual([...calendar.makeupWorkdays.keys()].sort());
    for (const d of makeup) expect(getDayDetail(d).work).toBe(true);
  });

  it('on every single day', () => {
    const expectedWorking = (d: string) => !calendar.holidays.has(d) && (!isWeekend(d) || calendar.makeupWorkdays.has(d));
    const disagreements = everyDay.filter((d) => isWorkday(d) !== expectedWorking(d) || isHoliday(d) === isWorkday(d));
    expect(disagreements).toEqual([]);
  });

  it('has one 调休 weekday off inside the holidays per make-up working day', () => {
    const inLieu = everyDay.filter((d) => isInLieu(d));
    expect(inLieu.every((d) => calendar.holidays.has(d) && !isWeekend(d))).toBe(true);
    expect(inLieu).toHaveLength(calendar.makeupWorkdays.size);
  });
});
