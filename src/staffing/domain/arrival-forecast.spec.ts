import fc from 'fast-check';
import { ArrivalCount, dayKind, forecastArrivals, HistoryDay, quantile } from './arrival-forecast';

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekdaysOnly = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** Every working day (Monday–Friday, or as told) from `from` up to the day before `to`, with counts from `count`. */
function history(from: string, to: string, count: (date: string) => ArrivalCount[], isWorkingDay = weekdaysOnly): HistoryDay[] {
  const days: HistoryDay[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms < Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) {
    const date = iso(ms);
    if (isWorkingDay(date)) days.push({ ...dayKind(date, isWorkingDay), counts: count(date) });
  }
  return days;
}

describe('calendar facts of a day', () => {
  it('counts the working days of the month and sees a long holiday', () => {
    // 2026-10-01…08 is the National Day holiday; 2026-10-09 (Friday) is its first working day.
    const holiday = (d: string) => weekdaysOnly(d) && !(d >= '2026-10-01' && d <= '2026-10-08');
    expect(dayKind('2026-10-09', holiday)).toEqual({ date: '2026-10-09', weekday: 5, workingDayOfMonth: 1, afterLongHoliday: true });
    expect(dayKind('2026-10-12', holiday)).toMatchObject({ workingDayOfMonth: 2, afterLongHoliday: false });
    // A Monday after an ordinary weekend is not after a long holiday.
    expect(dayKind('2026-12-07', weekdaysOnly)).toEqual({ date: '2026-12-07', weekday: 1, workingDayOfMonth: 5, afterLongHoliday: false });
    expect(dayKind('2026-12-01', weekdaysOnly).workingDayOfMonth).toBe(1);
  });
});

describe('arrival forecast', () => {
  const cat = 'social-security';

  it('takes the same weekday of the last 8 weeks, with its spread', () => {
    // Mondays bring 10 + the week's number at 10:00; other days 3. Target Monday 2026-12-14 → the
    // 8 Mondays before it; month-start Mondays (12-01 is a Tuesday: none here except 11-02) are left out.
    let week = 0;
    const days = history('2026-10-12', '2026-12-14', (date) => {
      const monday = new Date(`${date}T00:00:00Z`).getUTCDay() === 1;
      return [{ hour: 10, categoryId: cat, count: monday ? 10 + week++ : 3 }];
    });
    const f = forecastArrivals({ target: dayKind('2026-12-14', weekdaysOnly), history: days, hours: [9, 10], categoryIds: [cat] });
    expect(f.baselineDates).toEqual(['2026-10-19', '2026-10-26', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07']);
    const ten = f.cells.find((c) => c.hour === 10)!;
    const mondays = [11, 12, 14, 15, 16, 17, 18];
    expect(ten.mean).toBeCloseTo(mondays.reduce((a, b) => a + b) / 7, 12);
    expect(ten.p10).toBeCloseTo(quantile(mondays, 0.1), 12);
    expect(ten.p90).toBeCloseTo(quantile(mondays, 0.9), 12);
    expect(ten.standardDeviation).toBeGreaterThan(2);
    expect(f.cells.find((c) => c.hour === 9)).toMatchObject({ mean: 0, standardDeviation: 0 });
    expect(f.effects).toEqual([]);
  });

  it('applies a month-start peak only where the history shows it', () => {
    // Social security doubles on the first three working days of a month; tax does not.
    const days = history('2026-06-01', '2026-12-01', (date) => {
      const kind = dayKind(date, weekdaysOnly);
      const peak = kind.workingDayOfMonth <= 3 ? 2 : 1;
      return [
        { hour: 9, categoryId: cat, count: 20 * peak },
        { hour: 9, categoryId: 'tax', count: 8 },
      ];
    });
    const target = dayKind('2026-12-01', weekdaysOnly);
    const f = forecastArrivals({ target, history: days, hours: [9], categoryIds: [cat, 'tax'] });
    expect(f.effects).toHaveLength(1);
    expect(f.effects[0]).toMatchObject({ kind: 'month-start', categoryId: cat });
    expect(f.effects[0].factor).toBeCloseTo(2, 12);
    expect(f.cells.find((c) => c.categoryId === cat)!.mean).toBeCloseTo(40, 12);
    expect(f.cells.find((c) => c.categoryId === 'tax')!.mean).toBeCloseTo(8, 12);
    // The same history asked for an ordinary day: no effect.
    expect(
      forecastArrivals({ target: dayKind('2026-12-08', weekdaysOnly), history: days, hours: [9], categoryIds: [cat] }).effects,
    ).toEqual([]);
  });

  it('applies an after-holiday peak measured on earlier holidays', () => {
    const holidays = (d: string) =>
      weekdaysOnly(d) &&
      !(d >= '2026-05-01' && d <= '2026-05-05') &&
      !(d >= '2026-06-19' && d <= '2026-06-22') &&
      !(d >= '2026-10-01' && d <= '2026-10-08');
    const days = history(
      '2026-04-01',
      '2026-10-09',
      (date) => [{ hour: 9, categoryId: cat, count: dayKind(date, holidays).afterLongHoliday ? 30 : 10 }],
      holidays,
    );
    const f = forecastArrivals({ target: dayKind('2026-10-09', holidays), history: days, hours: [9], categoryIds: [cat] });
    const after = f.effects.find((e) => e.kind === 'after-holiday')!;
    expect(after.factor).toBeCloseTo(3, 12);
    expect(after.days).toBe(2);
  });

  it('never forecasts a negative count, and keeps p10 ≤ mean ≤ p90', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 60 }), { minLength: 70, maxLength: 70 }), (counts) => {
        let i = 0;
        const days = history('2026-09-01', '2026-12-14', () => [{ hour: 10, categoryId: cat, count: counts[i++ % counts.length] }]);
        const cell = forecastArrivals({ target: dayKind('2026-12-14', weekdaysOnly), history: days, hours: [10], categoryIds: [cat] })
          .cells[0];
        expect(cell.p10).toBeGreaterThanOrEqual(0);
        expect(cell.p10).toBeLessThanOrEqual(cell.mean + 1e-9);
        expect(cell.mean).toBeLessThanOrEqual(cell.p90 + 1e-9);
        expect(cell.standardDeviation).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('forecasts nothing without history', () => {
    const f = forecastArrivals({ target: dayKind('2026-12-14', weekdaysOnly), history: [], hours: [10], categoryIds: [cat] });
    expect(f.cells).toEqual([{ hour: 10, categoryId: cat, mean: 0, standardDeviation: 0, p10: 0, p90: 0 }]);
    expect(f.baselineDates).toEqual([]);
  });
});
