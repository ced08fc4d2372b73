import { at, standardIndex } from './__fixtures__/official-schedules';
import { nextWarningChangeMs, warningLevel, WARNING_RECHECK_MS } from './warning-level';

describe('warningLevel', () => {
  const promisedDueMs = at('2025-10-10 17:30');
  const legalDueMs = at('2025-10-24 17:30');
  const level = (atMs: number, remainingWorkingMinutes: number, totalWorkingMinutes = 2100, thresholds = {}) =>
    warningLevel({
      promisedDueMs,
      legalDueMs,
      atMs,
      totalWorkingMinutes,
      remainingWorkingMinutes,
      workingDayMinutes: 420,
      thresholds,
    });
  const before = at('2025-09-30 12:00');

  it.each([
    [1000, 2100, 'green'],
    [701, 2100, 'green'],
    [700, 2100, 'yellow'], // exactly one third left
    [420, 1000, 'green'], // one full day left, well over a third
    [419, 1000, 'yellow'], // less than one working day left
  ])('%i of %i minutes left → %s', (remaining, total, expected) => {
    expect(level(before, remaining, total)).toBe(expected);
  });

  it('is red past the promised deadline and red card past the legal one', () => {
    expect(level(promisedDueMs, 0)).toBe('yellow');
    expect(level(promisedDueMs + 1, -1)).toBe('red');
    expect(level(legalDueMs, -3000)).toBe('red');
    expect(level(legalDueMs + 1, -3000)).toBe('red_card');
  });

  it('takes the hall thresholds', () => {
    expect(level(before, 1000, 2100, { yellowRatio: 0.5 })).toBe('yellow');
    expect(level(before, 800, 2100, { yellowMinWorkingDays: 2 })).toBe('yellow');
  });

  it('cannot run out while suspended', () => {
    const suspended = warningLevel({
      promisedDueMs: null,
      atMs: at('2025-12-01 10:00'),
      totalWorkingMinutes: 2100,
      remainingWorkingMinutes: 1500,
      workingDayMinutes: 420,
    });
    expect(suspended).toBe('green');
  });
});

describe('nextWarningChangeMs', () => {
  // Hall hours 09:00–12:00 and 13:30–17:30 (420 minutes a day); 5 working days promised, due Friday.
  const index = standardIndex();
  const promisedDueMs = at('2025-03-14 17:30');
  const legalDueMs = at('2025-03-28 17:30');
  const totalWorkingMinutes = 2100;
  const remainingAt = (ms: number) => (index.workingMsAt(promisedDueMs) - index.workingMsAt(ms)) / 60_000;
  const levelAt = (ms: number) =>
    warningLevel({
      promisedDueMs,
      legalDueMs,
      atMs: ms,
      totalWorkingMinutes,
      remainingWorkingMinutes: remainingAt(ms),
      workingDayMinutes: 420,
    });
  const next = (level: ReturnType<typeof levelAt>, atMs: number, thresholds = {}) =>
    nextWarningChangeMs(index, { level, promisedDueMs, legalDueMs, totalWorkingMinutes, atMs, thresholds });

  it('wakes a green case when a third of the working time is left, counted back over the lunch break', () => {
    // 700 minutes before Friday 17:30: Friday's 420, Thursday afternoon's 240, then 40 before Thursday noon.
    const yellowAt = next('green', at('2025-03-10 10:00')) as number;
    expect(yellowAt).toBe(at('2025-03-13 11:20') + 1);
    expect(levelAt(yellowAt - 60_000)).toBe('green');
    expect(levelAt(yellowAt)).toBe('yellow');
  });

  it('takes the larger of the two yellow thresholds from the hall', () => {
    // Two working days (840 minutes) outweigh a third (700): the close of Wednesday, the same
    // working instant as Thursday's opening, read as the earlier one.
    expect(next('green', at('2025-03-10 10:00'), { yellowMinWorkingDays: 2 })).toBe(at('2025-03-12 17:30') + 1);
  });

  it('wakes a yellow case just past the promised due, a red one just past the legal due', () => {
    expect(next('yellow', at('2025-03-14 10:00'))).toBe(promisedDueMs + 1);
    expect(levelAt(promisedDueMs + 1)).toBe('red');
    expect(next('red', at('2025-03-17 10:00'))).toBe(legalDueMs + 1);
    expect(levelAt(legalDueMs + 1)).toBe('red_card');
  });

  it('has nothing left to wait for at red card, nor while suspended', () => {
    expect(next('red_card', at('2025-04-01 10:00'))).toBeNull();
    expect(
      nextWarningChangeMs(index, { level: 'green', promisedDueMs: null, legalDueMs, totalWorkingMinutes, atMs: at('2025-03-10 10:00') }),
    ).toBeNull();
  });

  it('looks again a minute later when the reading came after the threshold', () => {
    const late = at('2025-03-13 15:00');
    expect(next('green', late)).toBe(late + WARNING_RECHECK_MS);
  });

  it('without a legal limit, a red case waits for nothing', () => {
    expect(
      nextWarningChangeMs(index, { level: 'red', promisedDueMs, legalDueMs: null, totalWorkingMinutes, atMs: at('2025-03-17 10:00') }),
    ).toBeNull();
  });
});
