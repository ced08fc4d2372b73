/**
 * Expected instants below were worked out by hand from the State Council notices (see the
 * comments counting day 1, day 2, …), never by running the code under test.
 * Hall hours: 09:00–12:00 and 13:30–17:30, Asia/Shanghai; a working day is 420 minutes.
 */
import { at, local, standardIndex } from './__fixtures__/official-schedules';
import { ClockError, Limit } from './calendar-types';
import { computeDue, computeDueWithAdjustments, elapsedAndRemaining, stepDeadlines } from './deadline-clock';
import { thrownCode } from '../../common/__fixtures__/thrown-code';

const index = standardIndex();
const wd = (value: number): Limit => ({ value, unit: 'working_days' });
const due = (start: string, limit: Limit, clockStartsSameDay = false) =>
  local(computeDue(index, at(start), limit, { clockStartsSameDay }).dueMs);

const codeOf = (fn: () => unknown) => thrownCode(fn, ClockError);

describe('computeDue: working days on the official schedules', () => {
  it.each([
    // DOMAIN.md: Fri 16:00; 1 Sun 28 Sep (调休), 2 Mon 29, 3 Tue 30, [1–8 Oct off], 4 Thu 9, 5 Fri 10.
    ['2025-09-26 16:00', 5, '2025-10-10 17:30'],
    // 春节 2025: Sat 25 off, 1 Sun 26 Jan (调休), 2 Mon 27, [28 Jan–4 Feb off], 3 Wed 5, 4 Thu 6, 5 Fri 7.
    ['2025-01-24 10:00', 5, '2025-02-07 17:30'],
    // 1 Wed 5 Feb, 2 Thu 6, 3 Fri 7, 4 Sat 8 (调休), 5 Mon 10 … 9 Fri 14, 10 Mon 17.
    ['2025-01-27 09:30', 10, '2025-02-17 17:30'],
    // 劳动节 2025: Sat 26 off, 1 Sun 27 Apr (调休), 2 Mon 28, 3 Tue 29.
    ['2025-04-25 14:00', 3, '2025-04-29 17:30'],
    // 1 Wed 30 Apr, [1–5 May off], 2 Tue 6, 3 Wed 7.
    ['2025-04-29 11:00', 3, '2025-05-07 17:30'],
    // 端午 2025: [Sat 31 May – Mon 2 Jun off], 1 Tue 3 Jun.
    ['2025-05-30 10:00', 1, '2025-06-03 17:30'],
    // 1 Fri 10 Oct, 2 Sat 11 (调休), [Sun 12 off], 3 Mon 13.
    ['2025-10-09 09:00', 3, '2025-10-13 17:30'],
    // 1 Thu 9 Oct, 2 Fri 10, 3 Sat 11, 4–8 Mon 13–Fri 17, 9–13 Mon 20–Fri 24, 14–18 Mon 27–Fri 31,
    // 19 Mon 3 Nov, 20 Tue 4 Nov.
    ['2025-09-30 15:00', 20, '2025-11-04 17:30'],
    // 元旦 2026 across the year end: [1–3 Jan off], 1 Sun 4 Jan (调休), 2 Mon 5.
    ['2025-12-31 10:00', 2, '2026-01-05 17:30'],
    // 春节 2026: 1 Fri 13 Feb, 2 Sat 14 (调休), [15–23 off], 3 Tue 24, 4 Wed 25, 5 Thu 26.
    ['2026-02-12 16:00', 5, '2026-02-26 17:30'],
    // … 6 Fri 27, 7 Sat 28 (调休).
    ['2026-02-12 16:00', 7, '2026-02-28 17:30'],
    // 清明 2026: 1 Fri 3 Apr, [4–6 off], 2 Tue 7.
    ['2026-04-02 10:00', 2, '2026-04-07 17:30'],
    // 劳动节 2026: [1–5 May off], 1 Wed 6, 2 Thu 7, 3 Fri 8, 4 Sat 9 (调休).
    ['2026-04-30 09:00', 2, '2026-05-07 17:30'],
    ['2026-04-30 09:00', 4, '2026-05-09 17:30'],
    // 端午 2026: [Fri 19 – Sun 21 Jun off], 1 Mon 22.
    ['2026-06-18 10:00', 1, '2026-06-22 17:30'],
    // 中秋+国庆 2026: [Sat 19 off], 1 Sun 20 Sep (调休), 2–5 Mon 21–Thu 24, [25–27 off],
    // 6 Mon 28, 7 Tue 29, 8 Wed 30, [1–7 Oct off], 9 Thu 8 Oct, 10 Fri 9 Oct.
    ['2026-09-18 16:00', 10, '2026-10-09 17:30'],
  ])('accepted %s, %i working days → %s', (start, days, expected) => {
    expect(due(start, wd(days))).toBe(expected);
  });

  it('starts the clock at the opening of day 1 and says which days it skipped', () => {
    const result = computeDue(index, at('2025-09-26 16:00'), wd(5), { explain: true });
    expect(local(result.clockStartMs)).toBe('2025-09-28 09:00');
    expect(result.provisional).toBe(false);
    expect(result.skippedDays).toEqual([
      { date: '2025-09-27', name: '周六', kind: 'weekend' },
      ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({
        date: `2025-10-${d}`,
        name: '国庆节、中秋节',
        kind: 'holiday',
      })),
    ]);
  });

  it('only lists skipped days when asked', () => {
    expect(computeDue(index, at('2025-09-26 16:00'), wd(5)).skippedDays).toBeUndefined();
  });

  it('counts a hall closing day as skipped', () => {
    const closed = standardIndex([{ date: '2025-03-05', kind: 'closed', name: '系统升级' }]);
    // 1 Tue 4 Mar, [Wed 5 closed], 2 Thu 6, 3 Fri 7.
    const result = computeDue(closed, at('2025-03-03 10:00'), wd(3), { explain: true });
    expect(local(result.dueMs)).toBe('2025-03-07 17:30');
    expect(result.skippedDays).toEqual([{ date: '2025-03-05', name: '系统升级', kind: 'closed' }]);
  });

  it('closes at the override hours on a weekend opening', () => {
    const open = standardIndex([{ date: '2025-03-08', kind: 'open', hours: [{ start: '09:00', end: '12:00' }] }]);
    // 1 Fri 7 Mar, 2 Sat 8 (open mornings only).
    expect(local(computeDue(open, at('2025-03-06 10:00'), wd(2)).dueMs)).toBe('2025-03-08 12:00');
  });
});

describe('computeDue: same-day clock start', () => {
  it.each([
    // Day 1 is Fri 26 itself: 2 Sun 28, 3 Mon 29, 4 Tue 30, 5 Thu 9 Oct.
    ['2025-09-26 16:00', '2025-10-09 17:30'],
    ['2025-09-26 08:00', '2025-10-09 17:30'],
    // At or after closing the day cannot count: as the default.
    ['2025-09-26 17:30', '2025-10-10 17:30'],
    ['2025-09-26 18:00', '2025-10-10 17:30'],
    // A Saturday start cannot be day 1: 1 Sun 28, 2 Mon 29, 3 Tue 30, 4 Thu 9, 5 Fri 10.
    ['2025-09-27 10:00', '2025-10-10 17:30'],
  ])('accepted %s, 5 working days → %s', (start, expected) => {
    expect(due(start, wd(5), true)).toBe(expected);
  });

  it('starts the clock at acceptance', () => {
    const result = computeDue(index, at('2025-09-26 16:00'), wd(5), { clockStartsSameDay: true });
    expect(local(result.clockStartMs)).toBe('2025-09-26 16:00');
  });
});

describe('computeDue: natural days (民法典 第二百零三条)', () => {
  it.each([
    // Last day Fri 3 Oct is a holiday; 4–8 Oct too; first working day Thu 9 Oct.
    ['2025-09-26 16:00', 7, '2025-10-09 17:30'],
    // Last day Sun 28 Sep is a make-up working day, so it stands.
    ['2025-09-21 10:00', 7, '2025-09-28 17:30'],
    // Last day Sat 8 Mar → Mon 10 Mar.
    ['2025-03-03 10:00', 5, '2025-03-10 17:30'],
    // Last day Fri 7 Mar, a working day.
    ['2025-03-05 10:00', 2, '2025-03-07 17:30'],
    // Last day Fri 20 Feb 2026 inside 春节 (15–23) → Tue 24 Feb.
    ['2026-02-10 10:00', 10, '2026-02-24 17:30'],
  ])('accepted %s, %i natural days → %s', (start, days, expected) => {
    expect(due(start, { value: days, unit: 'natural_days' })).toBe(expected);
  });

  it('explains the rest days the end moved over', () => {
    const result = computeDue(index, at('2025-09-26 16:00'), { value: 7, unit: 'natural_days' }, { explain: true });
    expect(result.skippedDays?.map((s) => s.date)).toEqual([
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ]);
  });
});

describe('computeDue: working hours and minutes (抵押注销登记 1 小时办结)', () => {
  it.each([
    // 11:30–12:00 is 30 min, the rest from 13:30.
    ['2025-03-03 11:30', 1, '2025-03-03 14:00'],
    // Ending exactly at lunch is due at 12:00, not at 13:30.
    ['2025-03-03 11:00', 1, '2025-03-03 12:00'],
    // Started over lunch: counts from 13:30.
    ['2025-03-03 12:00', 1, '2025-03-03 14:30'],
    // Before opening: counts from 09:00.
    ['2025-03-03 08:00', 1, '2025-03-03 10:00'],
    // Overnight: 30 min on Monday, 30 min from Tuesday's opening.
    ['2025-03-03 17:00', 1, '2025-03-04 09:30'],
    // 20 min on Friday, Saturday off, the make-up Sunday 28 Sep opens at 09:00.
    ['2025-09-26 17:10', 1, '2025-09-28 09:40'],
    // Over the National Day holiday: 30 min on 30 Sep, 30 min on Thu 9 Oct.
    ['2025-09-30 17:00', 1, '2025-10-09 09:30'],
    // Accepted online on a Saturday: counts from Monday's opening.
    ['2025-03-08 10:00', 1, '2025-03-10 10:00'],
    // 8 hours: a full 7-hour Monday, then 1 hour on Tuesday.
    ['2025-03-03 09:00', 8, '2025-03-04 10:00'],
  ])('accepted %s, %i working hours → %s', (start, hours, expected) => {
    expect(due(start, { value: hours, unit: 'working_hours' })).toBe(expected);
  });

  it('counts minutes the same way: 60 before lunch, 30 after', () => {
    expect(due('2025-03-03 11:00', { value: 90, unit: 'minutes' })).toBe('2025-03-03 14:00');
  });
});

describe('computeDue: provisional years and limits', () => {
  it('flags a due that depends on a year whose schedule is not loaded', () => {
    // 1 Tue 29 Dec, 2 Wed 30, 3 Thu 31, 4 Fri 1 Jan 2027 (weekday rule), 5 Mon 4 Jan.
    const result = computeDue(index, at('2026-12-28 10:00'), wd(5));
    expect(local(result.dueMs)).toBe('2027-01-04 17:30');
    expect(result.provisional).toBe(true);
  });

  it('does not flag a due inside loaded years', () => {
    // 1 Tue 22 Dec … 4 Fri 25, 5 Mon 28.
    const result = computeDue(index, at('2026-12-21 10:00'), wd(5));
    expect(local(result.dueMs)).toBe('2026-12-28 17:30');
    expect(result.provisional).toBe(false);
  });

  it('treats a zero limit as due at acceptance', () => {
    expect(due('2025-03-03 10:00', wd(0))).toBe('2025-03-03 10:00');
  });

  it.each([[-1], [1.5], [NaN], [Infinity]])('rejects the limit value %p', (value) => {
    expect(codeOf(() => computeDue(index, at('2025-03-03 10:00'), wd(value)))).toBe('INVALID_LIMIT');
  });

  it('rejects an unknown unit and an unknown instant', () => {
    const weeks = { value: 1, unit: 'weeks' } as unknown as Limit;
    expect(codeOf(() => computeDue(index, at('2025-03-03 10:00'), weeks))).toBe('INVALID_LIMIT');
    expect(codeOf(() => computeDue(index, NaN, wd(1)))).toBe('INVALID_INSTANT');
  });

  it('refuses to answer past the end of the index', () => {
    expect(codeOf(() => computeDue(index, at('2027-12-20 10:00'), wd(30)))).toBe('OUT_OF_RANGE');
    expect(codeOf(() => computeDue(index, at('2027-12-20 10:00'), { value: 30, unit: 'natural_days' }))).toBe('OUT_OF_RANGE');
  });
});

describe('computeDueWithAdjustments', () => {
  // 1 Tue 23 Sep, 2 Wed 24, 3 Thu 25, 4 Fri 26, 5 Sun 28, 6 Mon 29, 7 Tue 30, 8 Thu 9 Oct,
  // 9 Fri 10, 10 Sat 11 Oct (调休).
  const start = at('2025-09-22 10:00');
  const adjusted = (suspensions: { fromMs: number; toMs?: number }[], extensionWorkingDays?: number) =>
    computeDueWithAdjustments(index, start, wd(10), { suspensions, extensionWorkingDays });

  it('without adjustments equals computeDue', () => {
    const result = adjusted([]);
    expect(result.stillSuspended).toBe(false);
    expect(local(result.dueMs as number)).toBe('2025-10-11 17:30');
  });

  it('moves the due by three working days suspended across the National Day holiday', () => {
    // Suspended Mon 29 Sep 09:00 → Fri 10 Oct 09:00 covers Mon 29, Tue 30 and Thu 9 Oct.
    // Due Sat 11 Oct + 3 working days: Mon 13, Tue 14, Wed 15.
    const result = adjusted([{ fromMs: at('2025-09-29 09:00'), toMs: at('2025-10-10 09:00') }]);
    expect(local(result.dueMs as number)).toBe('2025-10-15 17:30');
    expect(result.suspendedWorkingMinutes).toBe(3 * 420);
    expect(local(result.baseDueMs)).toBe('2025-10-11 17:30');
  });

  it('moves the due by partial days exactly', () => {
    // Tue 30 Sep 14:00–17:30 (3.5 h) + Thu 9 Oct (7 h) + Fri 10 Oct 09:00–14:00 (3.5 h) = 2 days.
    const result = adjusted([{ fromMs: at('2025-09-30 14:00'), toMs: at('2025-10-10 14:00') }]);
    expect(result.suspendedWorkingMinutes).toBe(840);
    expect(local(result.dueMs as number)).toBe('2025-10-14 17:30');
  });

  it('counts overlapping suspensions once', () => {
    const result = adjusted([
      { fromMs: at('2025-09-29 09:00'), toMs: at('2025-10-09 12:00') },
      { fromMs: at('2025-10-09 09:00'), toMs: at('2025-10-10 09:00') },
    ]);
    expect(local(result.dueMs as number)).toBe('2025-10-15 17:30');
  });

  it.each([
    ['on a weekend', '2025-09-27 08:00', '2025-09-27 20:00'],
    ['inside the holiday', '2025-10-02 09:00', '2025-10-06 17:00'],
    ['overnight', '2025-09-23 17:30', '2025-09-24 09:00'],
    ['after the due (an overdue case stays overdue)', '2025-10-13 09:00', '2025-10-15 17:30'],
  ])('does not move the due for a suspension %s', (_what, from, to) => {
    const result = adjusted([{ fromMs: at(from), toMs: at(to) }]);
    expect(local(result.dueMs as number)).toBe('2025-10-11 17:30');
    expect(result.suspendedWorkingMinutes).toBe(0);
  });

  it('moves nothing for a weekend suspension of an ordinary case', () => {
    // 1 Tue 4 Mar … 4 Fri 7, 5 Mon 10 … 9 Fri 14, 10 Mon 17 Mar.
    const result = computeDueWithAdjustments(index, at('2025-03-03 10:00'), wd(10), {
      suspensions: [{ fromMs: at('2025-03-08 09:00'), toMs: at('2025-03-09 18:00') }],
    });
    expect(local(result.dueMs as number)).toBe('2025-03-17 17:30');
  });

  it('counts only the suspended time after the clock started', () => {
    // Accepted Fri 16:00, the clock starts Sun 28 Sep 09:00; suspended until Sun 10:00 = 1 h.
    // Due Fri 10 Oct 17:30 + 1 working hour = Sat 11 Oct (调休) 10:00.
    const result = computeDueWithAdjustments(index, at('2025-09-26 16:00'), wd(5), {
      suspensions: [{ fromMs: at('2025-09-26 16:30'), toMs: at('2025-09-28 10:00') }],
    });
    expect(result.suspendedWorkingMinutes).toBe(60);
    expect(local(result.dueMs as number)).toBe('2025-10-11 10:00');
  });

  it('reports a case that is still suspended, with the time it has left', () => {
    // Accepted Mon 3 Mar, 10 days from Tue 4; suspended Wed 5 at 09:00 after 1 day ran.
    const result = computeDueWithAdjustments(index, at('2025-03-03 10:00'), wd(10), {
      suspensions: [{ fromMs: at('2025-03-05 09:00') }],
    });
    expect(result.stillSuspended).toBe(true);
    expect(result.dueMs).toBeNull();
    if (result.stillSuspended) {
      expect(result.remainingWorkingMinutes).toBe(9 * 420);
      expect(local(result.suspendedSinceMs)).toBe('2025-03-05 09:00');
    }
  });

  it('flags a due that a suspension pushed into a year not loaded yet', () => {
    // 1 Tue 15 Dec 2026 … 4 Fri 18, 5 Mon 21. Suspended Tue 15 – Mon 28 Dec (10 working days):
    // Tue 22 … Fri 25 (4), Mon 28 … Thu 31 (8), Fri 1 Jan 2027 (weekday rule, 9), Mon 4 Jan (10).
    const result = computeDueWithAdjustments(index, at('2026-12-14 10:00'), wd(5), {
      suspensions: [{ fromMs: at('2026-12-15 09:00'), toMs: at('2026-12-29 09:00') }],
    });
    expect(result.suspendedWorkingMinutes).toBe(4200);
    expect(local(result.dueMs as number)).toBe('2027-01-04 17:30');
    expect(result.provisional).toBe(true);
    expect(computeDue(index, at('2026-12-14 10:00'), wd(5)).provisional).toBe(false);
  });

  it('adds extension working days to the legal limit', () => {
    // 20 days from Tue 4 Mar: 4–7 (4), 10–14 (9), 17–21 (14), 24–28 (19), Mon 31 Mar (20);
    // then 1 Apr (21), 2 (22), 3 (23), [清明 4–6 off], 7 (24), 8, 9, 10, 11 (28), 14 (29), 15 (30);
    // joint +15: 16 (31), 17, 18 (33), 21 (34), 22 (35).
    const legal = (extensionWorkingDays: number) =>
      local(computeDueWithAdjustments(index, at('2025-03-03 10:00'), wd(20), { suspensions: [], extensionWorkingDays }).dueMs as number);
    expect(legal(0)).toBe('2025-03-31 17:30');
    expect(legal(10)).toBe('2025-04-15 17:30');
    expect(legal(15)).toBe('2025-04-22 17:30');
  });

  it('combines an extension and a suspension', () => {
    // Extended due Tue 15 Apr; suspended Mon 10 and Tue 11 Mar → Wed 16, Thu 17 Apr.
    const result = computeDueWithAdjustments(index, at('2025-03-03 10:00'), wd(20), {
      suspensions: [{ fromMs: at('2025-03-10 09:00'), toMs: at('2025-03-12 09:00') }],
      extensionWorkingDays: 10,
    });
    expect(local(result.dueMs as number)).toBe('2025-04-17 17:30');
  });

  it('extends natural-day and hour limits by working days', () => {
    // 7 natural days end Thu 9 Oct; +10: Fri 10, Sat 11 (调休), Mon 13 … Fri 17 (7), Mon 20, Tue 21, Wed 22.
    const natural = computeDueWithAdjustments(
      index,
      at('2025-09-26 16:00'),
      { value: 7, unit: 'natural_days' },
      {
        extensionWorkingDays: 10,
      },
    );
    expect(local(natural.dueMs as number)).toBe('2025-10-22 17:30');
    // 1 h from 11:30 is due 14:00; +7 working hours: 14:00–17:30, 09:00–12:00, 13:30–14:00.
    const hours = computeDueWithAdjustments(
      index,
      at('2025-03-03 11:30'),
      { value: 1, unit: 'working_hours' },
      {
        extensionWorkingDays: 1,
      },
    );
    expect(local(hours.dueMs as number)).toBe('2025-03-04 14:00');
  });

  it('rejects a suspension that ends before it starts, and bad extensions and limits', () => {
    expect(codeOf(() => adjusted([{ fromMs: at('2025-09-29 09:00'), toMs: at('2025-09-28 09:00') }]))).toBe('SUSPENSION_ENDS_BEFORE_START');
    expect(codeOf(() => adjusted([], -10))).toBe('INVALID_EXTENSION');
    expect(codeOf(() => adjusted([], 2.5))).toBe('INVALID_EXTENSION');
    expect(codeOf(() => computeDueWithAdjustments(index, start, wd(-5), { suspensions: [], extensionWorkingDays: 10 }))).toBe(
      'INVALID_LIMIT',
    );
  });
});

describe('elapsedAndRemaining', () => {
  const start = at('2025-09-26 16:00');

  it('counts working time since day 1 opened', () => {
    // Sun 28 (420) + Mon 29 (420) + Tue 30 09:00–12:00 (180) = 1020 of 2100.
    const r = elapsedAndRemaining(index, start, wd(5), {}, at('2025-09-30 12:00'));
    expect(r).toMatchObject({
      state: 'running',
      totalWorkingMinutes: 2100,
      elapsedWorkingMinutes: 1020,
      remainingWorkingMinutes: 1080,
      totalWorkingDays: 5,
    });
    expect(r.remainingWorkingDays).toBeCloseTo(1080 / 420, 12);
    expect(local(r.dueMs as number)).toBe('2025-10-10 17:30');
  });

  it('has used nothing before the clock starts', () => {
    const r = elapsedAndRemaining(index, start, wd(5), {}, at('2025-09-27 10:00'));
    expect(r.elapsedWorkingMinutes).toBe(0);
    expect(r.remainingWorkingMinutes).toBe(2100);
  });

  it('goes negative once overdue', () => {
    // Due Fri 10 Oct 17:30; Sat 11 Oct (调休) 10:00 is one working hour late.
    const r = elapsedAndRemaining(index, start, wd(5), {}, at('2025-10-11 10:00'));
    expect(r.state).toBe('overdue');
    expect(r.remainingWorkingMinutes).toBe(-60);
    expect(r.elapsedWorkingMinutes + r.remainingWorkingMinutes).toBe(2100);
  });

  it('stands still while suspended and resumes after', () => {
    const mon = at('2025-03-03 10:00');
    const open = { suspensions: [{ fromMs: at('2025-03-05 09:00') }] };
    const during = elapsedAndRemaining(index, mon, wd(10), open, at('2025-03-07 12:00'));
    expect(during).toMatchObject({ state: 'suspended', dueMs: null, elapsedWorkingMinutes: 420, remainingWorkingMinutes: 3780 });

    // Resumed Mon 10 Mar 09:00 (Wed 5 – Fri 7 suspended); at 12:00: 420 + 180 used.
    // Due Mon 17 Mar + 3 days: Tue 18, Wed 19, Thu 20.
    const closed = { suspensions: [{ fromMs: at('2025-03-05 09:00'), toMs: at('2025-03-10 09:00') }] };
    const after = elapsedAndRemaining(index, mon, wd(10), closed, at('2025-03-10 12:00'));
    expect(after).toMatchObject({ state: 'running', elapsedWorkingMinutes: 600, remainingWorkingMinutes: 3600 });
    expect(local(after.dueMs as number)).toBe('2025-03-20 17:30');

    // Read during the suspension, a suspension that ends later is still running.
    expect(elapsedAndRemaining(index, mon, wd(10), closed, at('2025-03-07 12:00')).state).toBe('suspended');
  });
});

describe('stepDeadlines', () => {
  // 2100 minutes from Sun 28 Sep 09:00: 承办 40% = 840 = 2 days → Mon 29 17:30;
  // 审核 to 70% = 1470 = 3.5 days → Sun 28, Mon 29, Tue 30, then 210 min of Thu 9 Oct → 14:00;
  // 批准 ends at the case's due.
  const clockStartMs = at('2025-09-28 09:00');
  const dueMs = at('2025-10-10 17:30');

  it.each([
    ['percentages', [40, 30, 30]],
    ['fractions', [0.4, 0.3, 0.3]],
  ])('splits the working time by %s', (_what, shares) => {
    const steps = stepDeadlines(index, {
      clockStartMs,
      dueMs,
      steps: [
        { step: '承办', share: shares[0] },
        { step: '审核', share: shares[1] },
        { step: '批准', share: shares[2] },
      ],
    });
    expect(steps.map((s) => [s.step, local(s.dueMs)])).toEqual([
      ['承办', '2025-09-29 17:30'],
      ['审核', '2025-10-09 14:00'],
      ['批准', '2025-10-10 17:30'],
    ]);
  });

  it('rejects steps without positive shares', () => {
    expect(codeOf(() => stepDeadlines(index, { clockStartMs, dueMs, steps: [] }))).toBe('INVALID_STEP_SHARES');
    expect(codeOf(() => stepDeadlines(index, { clockStartMs, dueMs, steps: [{ step: 'a', share: 0 }] }))).toBe('INVALID_STEP_SHARES');
  });
});
