import { chineseDaysSchedule } from './chinese-days-schedule';
import { NOTICE_2025, NOTICE_2026, officialCalendar } from './domain/__fixtures__/official-schedules';

describe('chineseDaysSchedule', () => {
  const schedule = chineseDaysSchedule();

  it('holds every year from 2004 to at least 2026 and says which release it came from', () => {
    const years = [...schedule.years.keys()];
    expect(years[0]).toBe(2004);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    expect(years.length).toBeGreaterThanOrEqual(23);
    expect(schedule.source).toMatch(/^chinese-days@\d+\.\d+\.\d+/);
  });

  it.each([NOTICE_2025, NOTICE_2026])('gives the days of the $year notice under their Chinese names', (notice) => {
    const expected = officialCalendar([notice]);
    const days = schedule.years.get(notice.year)!;
    expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual([...expected.holidays.keys()].sort());
    expect(days.filter((d) => d.kind === 'makeup_workday').map((d) => d.date)).toEqual([...expected.makeupWorkdays.keys()].sort());
    expect(days.every((d) => /^[\u4e00-\u9fff、]+$/.test(d.name))).toBe(true);
  });

  it('writes the festivals in full', () => {
    const names = new Map(schedule.years.get(2025)!.map((d) => [d.date, d.name]));
    expect([names.get('2025-04-04'), names.get('2025-05-31'), names.get('2025-10-06'), names.get('2025-10-01')]).toEqual([
      '清明节',
      '端午节',
      '中秋节',
      '国庆节',
    ]);
  });
});
