import fc from 'fast-check';
import { at, NOTICE_2025, NOTICE_2026, officialCalendar, STANDARD_HOURS, standardIndex } from './__fixtures__/official-schedules';
import { buildCalendarIndex, CalendarIndex } from './calendar-index';
import { HallOverride, Limit, LimitUnit } from './calendar-types';
import { computeDue, computeDueWithAdjustments, elapsedAndRemaining, stepDeadlines } from './deadline-clock';
import { warningLevel, WarningLevel } from './warning-level';

const index = standardIndex();
const DAY_MS = 86_400_000;
const FROM = at('2025-01-01 00:00');
const TO = at('2026-12-31 23:59');

const startArb = fc.integer({ min: FROM, max: TO });
const unitArb = fc.constantFrom<LimitUnit>('working_days', 'natural_days', 'working_hours', 'minutes');
const maxValue: Record<LimitUnit, number> = { working_days: 60, natural_days: 90, working_hours: 80, minutes: 3000 };
const limitArb = (min = 0) => unitArb.chain((unit) => fc.integer({ min, max: maxValue[unit] }).map((value): Limit => ({ value, unit })));
const suspensionsFrom = (startMs: number) =>
  fc
    .array(fc.record({ offset: fc.integer({ min: -2 * DAY_MS, max: 80 * DAY_MS }), length: fc.integer({ min: 0, max: 15 * DAY_MS }) }), {
      maxLength: 3,
    })
    .map((list) => list.map(({ offset, length }) => ({ fromMs: startMs + offset, toMs: startMs + offset + length })));

/** A hall with its own closing days and weekend openings, some on short hours. */
const hallArb: fc.Arbitrary<CalendarIndex> = fc
  .uniqueArray(
    fc.record({
      day: fc.integer({ min: 0, max: 729 }),
      kind: fc.constantFrom<'closed' | 'open'>('closed', 'open'),
      short: fc.boolean(),
    }),
    { selector: (o) => o.day, maxLength: 40 },
  )
  .map((list) => {
    const overrides: HallOverride[] = list.map(({ day, kind, short }) => ({
      date: new Date(Date.UTC(2025, 0, 1) + day * DAY_MS).toISOString().slice(0, 10),
      kind,
      hours: short ? [{ start: '08:30', end: '11:45' }] : undefined,
    }));
    return buildCalendarIndex({
      calendar: officialCalendar([NOTICE_2025, NOTICE_2026]),
      overrides,
      workingHours: STANDARD_HOURS,
      fromYear: 2025,
      toYear: 2027,
    });
  });

/** Day-by-day reference on the literal lists, independent of the index (UTC+8, 17:30 close). */
function referenceDue(startMs: number, limit: Limit, sameDay: boolean): number {
  const calendar = officialCalendar();
  const localDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  const nextDate = (d: string) => new Date(Date.parse(d) + DAY_MS).toISOString().slice(0, 10);
  const closing = (d: string) => at(`${d} 17:30`);
  const working = (d: string) => {
    const weekend = [0, 6].includes(new Date(d).getUTCDay());
    if (!calendar.loadedYears.has(Number(d.slice(0, 4)))) return !weekend;
    return !calendar.holidays.has(d) && (!weekend || calendar.makeupWorkdays.has(d));
  };
  let d = localDate(startMs);
  if (limit.unit === 'natural_days') {
    for (let i = 0; i < limit.value; i++) d = nextDate(d);
    while (!working(d)) d = nextDate(d);
    return closing(d);
  }
  let counted = sameDay && working(d) && startMs < closing(d) ? 1 : 0;
  while (counted < limit.value) {
    d = nextDate(d);
    if (working(d)) counted++;
  }
  return closing(d);
}

const RANK: Record<WarningLevel, number> = { green: 0, yellow: 1, red: 2, red_card: 3 };

describe('deadline clock properties', () => {
  it('agrees with a day-by-day count on the official schedule', () => {
    fc.assert(
      fc.property(
        startArb,
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom<LimitUnit>('working_days', 'natural_days'),
        fc.boolean(),
        (startMs, value, unit, sameDay) => {
          const limit = { value, unit };
          expect(computeDue(index, startMs, limit, { clockStartsSameDay: sameDay }).dueMs).toBe(referenceDue(startMs, limit, sameDay));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('puts a day-based due on a working day at its closing time', () => {
    fc.assert(
      fc.property(
        hallArb,
        startArb,
        fc.integer({ min: 1, max: 60 }),
        fc.constantFrom<LimitUnit>('working_days', 'natural_days'),
        fc.boolean(),
        (hall, startMs, value, unit, sameDay) => {
          const { dueMs } = computeDue(hall, startMs, { value, unit }, { clockStartsSameDay: sameDay });
          const day = hall.dayOf(dueMs - 1);
          expect(hall.isWorkingDay(day)).toBe(true);
          expect(dueMs).toBe(hall.closingMs(day));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('puts an hour or minute due inside a working period, after exactly that much working time', () => {
    fc.assert(
      fc.property(
        hallArb,
        startArb,
        fc.constantFrom<LimitUnit>('working_hours', 'minutes'),
        fc.integer({ min: 1, max: 3000 }),
        (hall, startMs, unit, value) => {
          const limit = { value: unit === 'working_hours' ? Math.ceil(value / 40) : value, unit };
          const { dueMs } = computeDue(hall, startMs, limit);
          const periods = hall.periodsOf(hall.dayOf(dueMs - 1));
          expect(periods.some((p) => p.startMs < dueMs && dueMs <= p.endMs)).toBe(true);
          const unitMs = unit === 'working_hours' ? 3_600_000 : 60_000;
          expect(hall.workingMsAt(dueMs) - hall.workingMsAt(startMs)).toBe(limit.value * unitMs);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never makes a longer limit due earlier', () => {
    fc.assert(
      fc.property(
        startArb,
        unitArb,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.boolean(),
        (startMs, unit, a, b, sameDay) => {
          const [shorter, longer] = a <= b ? [a, b] : [b, a];
          const opts = { clockStartsSameDay: sameDay };
          expect(computeDue(index, startMs, { value: shorter, unit }, opts).dueMs).toBeLessThanOrEqual(
            computeDue(index, startMs, { value: longer, unit }, opts).dueMs,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never moves the due earlier for a suspension or an extension', () => {
    fc.assert(
      fc.property(
        startArb.chain((startMs) => fc.tuple(fc.constant(startMs), suspensionsFrom(startMs))),
        limitArb(),
        fc.integer({ min: 0, max: 15 }),
        ([startMs, suspensions], limit, extensionWorkingDays) => {
          const plain = computeDue(index, startMs, limit).dueMs;
          const adjusted = computeDueWithAdjustments(index, startMs, limit, { suspensions, extensionWorkingDays });
          expect(adjusted.stillSuspended).toBe(false);
          expect(adjusted.dueMs).toBeGreaterThanOrEqual(plain);
          const suspendedOnly = computeDueWithAdjustments(index, startMs, limit, { suspensions });
          expect(suspendedOnly.dueMs).toBeGreaterThanOrEqual(plain);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keeps elapsed + remaining = total while the clock runs', () => {
    fc.assert(
      fc.property(
        startArb.chain((startMs) =>
          fc.tuple(fc.constant(startMs), suspensionsFrom(startMs), fc.integer({ min: startMs, max: startMs + 100 * DAY_MS })),
        ),
        limitArb(),
        ([startMs, suspensions, atMs], limit) => {
          const r = elapsedAndRemaining(index, startMs, limit, { suspensions }, atMs);
          expect(r.elapsedWorkingMinutes + r.remainingWorkingMinutes).toBeCloseTo(r.totalWorkingMinutes, 6);
          expect(r.elapsedWorkingDays + r.remainingWorkingDays).toBeCloseTo(r.totalWorkingDays, 9);
          if (r.state === 'running') {
            expect(r.elapsedWorkingMinutes).toBeGreaterThanOrEqual(0);
            expect(r.remainingWorkingMinutes).toBeGreaterThanOrEqual(0);
            expect(atMs).toBeLessThanOrEqual(r.dueMs as number);
          }
          if (r.state === 'overdue') expect(r.remainingWorkingMinutes).toBeLessThanOrEqual(0);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never lowers the warning level as time passes without suspension', () => {
    fc.assert(
      fc.property(
        startArb,
        limitArb(1),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 80 * DAY_MS }),
        fc.integer({ min: 0, max: 80 * DAY_MS }),
        (startMs, limit, legalExtra, a, b) => {
          const promised = computeDue(index, startMs, limit).dueMs;
          const legal = computeDue(index, startMs, { ...limit, value: limit.value + legalExtra }).dueMs;
          const levelAt = (atMs: number) => {
            const r = elapsedAndRemaining(index, startMs, limit, {}, atMs);
            return warningLevel({
              promisedDueMs: promised,
              legalDueMs: legal,
              atMs,
              totalWorkingMinutes: r.totalWorkingMinutes,
              remainingWorkingMinutes: r.remainingWorkingMinutes,
              workingDayMinutes: index.standardDayMs / 60_000,
            });
          };
          const [early, late] = a <= b ? [a, b] : [b, a];
          expect(RANK[levelAt(startMs + early)]).toBeLessThanOrEqual(RANK[levelAt(startMs + late)]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('orders step deadlines between the clock start and the case due, ending at the due', () => {
    fc.assert(
      fc.property(
        startArb,
        limitArb(1),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }),
        (startMs, limit, shares) => {
          const { dueMs, clockStartMs } = computeDue(index, startMs, limit);
          const steps = stepDeadlines(index, { clockStartMs, dueMs, steps: shares.map((share, i) => ({ step: `s${i}`, share })) });
          expect(steps[steps.length - 1].dueMs).toBe(dueMs);
          let previous = clockStartMs;
          for (const s of steps) {
            expect(s.dueMs).toBeGreaterThanOrEqual(previous);
            previous = s.dueMs;
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
