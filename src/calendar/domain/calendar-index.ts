import { isKnownTimeZone, zoneOffsetMs } from '../../common/time/wall-clock';
import {
  ClockError,
  DEFAULT_TIMEZONE,
  HallOverride,
  HolidayCalendar,
  IsoDate,
  REST_KINDS,
  RestKind,
  WorkingPeriod,
} from './calendar-types';

export interface CalendarIndexInput {
  calendar: HolidayCalendar;
  overrides?: readonly HallOverride[];
  timezone?: string;
  workingHours: readonly WorkingPeriod[];
  fromYear: number;
  toYear: number;
}

export interface RestDay {
  kind: RestKind;
  name: string;
}

/**
 * One hall's calendar, precomputed so that every clock question is answered with array
 * look-ups and at most a binary search. Days are numbered 0..dayCount-1 from 1 January of
 * `fromYear` in the hall's time zone. "Working time" (W) is the number of working
 * milliseconds since the first working period of the range: it turns every working-time
 * question into plain subtraction.
 */
export interface CalendarIndex {
  readonly timezone: string;
  readonly fromYear: number;
  readonly toYear: number;
  readonly dayCount: number;
  readonly workingDayCount: number;
  /** Working time of the hall's usual day, the unit for "fractional working days". */
  readonly standardDayMs: number;
  /** Local midnight of the first day, and of the day after the last. */
  readonly rangeStartMs: number;
  readonly rangeEndMs: number;

  /** The local day containing the instant; throws OUT_OF_RANGE outside the index. */
  dayOf(ms: number): number;
  dayOfDate(date: IsoDate): number;
  dateOf(day: number): IsoDate;
  dayStartMs(day: number): number;
  isWorkingDay(day: number): boolean;
  /** Why a day is not a working day; null for working days. */
  restDay(day: number): RestDay | null;
  /** Whether any day in [fromDay, toDay] lies in a year whose schedule is not loaded. */
  hasProvisionalDays(fromDay: number, toDay: number): boolean;
  openingMs(day: number): number;
  closingMs(day: number): number;
  periodsOf(day: number): { startMs: number; endMs: number }[];
  /** Ordinal (0-based) of the first working day strictly after `day`. */
  workingOrdinalAfter(day: number): number;
  /** Day of the working day with this ordinal; throws OUT_OF_RANGE past the index. */
  workingDayAt(ordinal: number): number;
  /** W at an instant: working time before it. */
  workingMsAt(ms: number): number;
  /** W at the first opening of a day (equals W at the last closing before it). */
  workingMsAtDayStart(day: number): number;
  /**
   * The earliest instant at which W reaches w: a boundary resolves to the end of the earlier
   * period (work finished at 12:00 is due at 12:00, not at 13:30).
   */
  instantAtWorkingMs(w: number): number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const WALL_TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Rest kinds as bytes for the day table; REST_KINDS[code - 1] names them.
const REST_NONE = 0;
const REST_HOLIDAY = 1;
const REST_WEEKEND = 2;
const REST_CLOSED = 3;
const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function wallMinutes(t: string): number {
  const m = WALL_TIME.exec(t);
  if (!m) throw new ClockError('INVALID_WORKING_HOURS', `not a wall time: ${t}`);
  return m[1] === undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

function parsePeriods(hours: readonly WorkingPeriod[], where: string): [number, number][] {
  if (hours.length === 0) throw new ClockError('INVALID_WORKING_HOURS', `no working periods (${where})`);
  const out: [number, number][] = [];
  let previousEnd = -1;
  for (const p of hours) {
    const start = wallMinutes(p.start);
    const end = wallMinutes(p.end);
    if (start >= end || start < previousEnd) {
      throw new ClockError('INVALID_WORKING_HOURS', `periods must be ordered and disjoint (${where})`);
    }
    out.push([start, end]);
    previousEnd = end;
  }
  return out;
}

/** Epoch ms of the local date at 00:00 UTC; throws on anything but a real calendar date. */
function parseIsoDate(date: string): number {
  const m = ISO_DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new ClockError('INVALID_DATE', `not a date: ${date}`);
  }
  return ms;
}

/** Returns utc ms -> (local wall clock read as UTC) - utc, i.e. the zone's offset. */
function offsetReader(timezone: string): (utcMs: number) => number {
  if (!isKnownTimeZone(timezone)) throw new ClockError('INVALID_TIMEZONE', `unknown time zone: ${timezone}`);
  return (utcMs) => zoneOffsetMs(utcMs, timezone);
}

/**
 * The instant a local wall time denotes. Converges in one check when the offset guess is
 * right (every day but a DST switch); a wall time inside a DST gap lands within the gap's hour.
 */
function wallToUtc(wall: number, offsetAt: (utcMs: number) => number, guess: number): number {
  let offset = guess;
  for (let i = 0; i < 3; i++) {
    const next = offsetAt(wall - offset);
    if (next === offset) break;
    offset = next;
  }
  return wall - offset;
}

/**
 * Every hall of a zone shares these: an index is rebuilt for each hall when any calendar changes, and
 * without them a city of halls made the same Intl calls for each (four fifths of a rebuild's time). A
 * handful of entries: one per zone and year range in use.
 */
const midnightsByZone = new Map<string, Float64Array>();

/** Local midnights of the range's days and of the day after: the only Intl work, one offset check per day, reused for the periods. */
function localMidnights(timezone: string, fromYear: number, toYear: number, offsetAt: (utcMs: number) => number): Float64Array {
  const key = `${timezone}|${fromYear}|${toYear}`;
  const known = midnightsByZone.get(key);
  if (known) return known;
  const firstWall = Date.UTC(fromYear, 0, 1);
  const dayCount = Math.round((Date.UTC(toYear + 1, 0, 1) - firstWall) / DAY_MS);
  const midnight = new Float64Array(dayCount + 1);
  let guess = offsetAt(firstWall);
  for (let d = 0; d <= dayCount; d++) {
    midnight[d] = wallToUtc(firstWall + d * DAY_MS, offsetAt, guess);
    guess = firstWall + d * DAY_MS - midnight[d];
  }
  midnightsByZone.set(key, midnight);
  return midnight;
}

export function buildCalendarIndex(input: CalendarIndexInput): CalendarIndex {
  const { calendar, fromYear, toYear } = input;
  const timezone = input.timezone ?? DEFAULT_TIMEZONE;
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear < 1970 || toYear < fromYear || toYear > 9999) {
    throw new ClockError('INVALID_YEAR_RANGE', `bad year range ${fromYear}..${toYear}`);
  }
  const usualHours = parsePeriods(input.workingHours, 'working hours');
  const offsetAt = offsetReader(timezone);

  const firstWall = Date.UTC(fromYear, 0, 1);
  const dayCount = Math.round((Date.UTC(toYear + 1, 0, 1) - firstWall) / DAY_MS);

  const overrides = new Map<number, HallOverride>();
  for (const o of input.overrides ?? []) {
    const day = (parseIsoDate(o.date) - firstWall) / DAY_MS;
    if (overrides.has(day)) throw new ClockError('DUPLICATE_OVERRIDE', `two overrides for ${o.date}`);
    overrides.set(day, o);
  }

  const midnight = localMidnights(timezone, fromYear, toYear, offsetAt);

  const dates: IsoDate[] = new Array(dayCount);
  const working = new Uint8Array(dayCount);
  const restKind = new Uint8Array(dayCount);
  const restName: (string | undefined)[] = new Array(dayCount);
  const provisionalBefore = new Int32Array(dayCount + 1);
  const workingBefore = new Int32Array(dayCount + 1);
  const dayPeriods = new Int32Array(dayCount + 1);
  const periodStart: number[] = [];
  const periodEnd: number[] = [];
  const ordinalDay: number[] = [];

  for (let d = 0; d < dayCount; d++) {
    const wall = firstWall + d * DAY_MS;
    const date = new Date(wall).toISOString().slice(0, 10);
    const year = Number(date.slice(0, 4));
    const weekday = new Date(wall).getUTCDay();
    const isWeekend = weekday === 0 || weekday === 6;
    const loaded = calendar.loadedYears.has(year);
    dates[d] = date;

    let hours = usualHours;
    let kind = REST_NONE;
    let name: string | undefined;
    const override = overrides.get(d);
    if (override?.kind === 'closed') {
      kind = REST_CLOSED;
      name = override.name ?? '闭厅';
    } else if (override?.kind === 'open') {
      if (override.hours) hours = parsePeriods(override.hours, `override ${date}`);
    } else if (loaded && calendar.holidays.has(date)) {
      kind = REST_HOLIDAY;
      name = calendar.holidays.get(date);
    } else if (isWeekend && !(loaded && calendar.makeupWorkdays.has(date))) {
      kind = REST_WEEKEND;
      name = WEEKDAY_NAMES[weekday];
    }

    restKind[d] = kind;
    restName[d] = name;
    provisionalBefore[d + 1] = provisionalBefore[d] + (loaded ? 0 : 1);
    workingBefore[d + 1] = workingBefore[d] + (kind === REST_NONE ? 1 : 0);
    dayPeriods[d] = periodStart.length;
    if (kind !== REST_NONE) continue;

    working[d] = 1;
    ordinalDay.push(d);
    const offset = wall - midnight[d];
    const steady = offset === firstWall + (d + 1) * DAY_MS - midnight[d + 1];
    for (const [start, end] of hours) {
      periodStart.push(steady ? midnight[d] + start * MINUTE_MS : wallToUtc(wall + start * MINUTE_MS, offsetAt, offset));
      periodEnd.push(steady ? midnight[d] + end * MINUTE_MS : wallToUtc(wall + end * MINUTE_MS, offsetAt, offset));
    }
  }
  dayPeriods[dayCount] = periodStart.length;

  const cumulative = new Float64Array(periodStart.length + 1);
  for (let p = 0; p < periodStart.length; p++) {
    cumulative[p + 1] = cumulative[p] + (periodEnd[p] - periodStart[p]);
  }

  return new Index(
    timezone,
    fromYear,
    toYear,
    usualHours.reduce((sum, [start, end]) => sum + (end - start) * MINUTE_MS, 0),
    {
      firstWall,
      midnight,
      dates,
      working,
      restKind,
      restName,
      provisionalBefore,
      workingBefore,
      ordinalDay: Int32Array.from(ordinalDay),
      dayPeriods,
      periodStart: Float64Array.from(periodStart),
      periodEnd: Float64Array.from(periodEnd),
      cumulative,
    },
  );
}

interface Tables {
  firstWall: number;
  midnight: Float64Array;
  dates: IsoDate[];
  working: Uint8Array;
  restKind: Uint8Array;
  restName: (string | undefined)[];
  provisionalBefore: Int32Array;
  workingBefore: Int32Array;
  ordinalDay: Int32Array;
  dayPeriods: Int32Array;
  periodStart: Float64Array;
  periodEnd: Float64Array;
  cumulative: Float64Array;
}

function outOfRange(what: string): ClockError {
  return new ClockError('OUT_OF_RANGE', `${what} is outside the calendar index`);
}

class Index implements CalendarIndex {
  // True private fields: typed arrays cannot be frozen, so they must not be reachable.
  readonly #t: Tables;
  readonly dayCount: number;
  readonly workingDayCount: number;
  readonly rangeStartMs: number;
  readonly rangeEndMs: number;

  constructor(
    readonly timezone: string,
    readonly fromYear: number,
    readonly toYear: number,
    readonly standardDayMs: number,
    tables: Tables,
  ) {
    this.#t = tables;
    this.dayCount = tables.dates.length;
    this.workingDayCount = tables.ordinalDay.length;
    this.rangeStartMs = tables.midnight[0];
    this.rangeEndMs = tables.midnight[this.dayCount];
    Object.freeze(this);
  }

  dayOf(ms: number): number {
    const midnight = this.#t.midnight;
    if (!(ms >= this.rangeStartMs && ms < this.rangeEndMs)) throw outOfRange(`instant ${ms}`);
    // Local days are 24 h ± a DST hour, so the arithmetic guess is at most one day off.
    let d = Math.min(Math.floor((ms - this.rangeStartMs) / DAY_MS), this.dayCount - 1);
    while (ms < midnight[d]) d--;
    while (ms >= midnight[d + 1]) d++;
    return d;
  }

  dayOfDate(date: IsoDate): number {
    const d = (parseIsoDate(date) - this.#t.firstWall) / DAY_MS;
    if (d < 0 || d >= this.dayCount) throw outOfRange(`date ${date}`);
    return d;
  }

  dateOf(day: number): IsoDate {
    return this.#t.dates[this.checkDay(day)];
  }

  dayStartMs(day: number): number {
    return this.#t.midnight[this.checkDay(day)];
  }

  isWorkingDay(day: number): boolean {
    return this.#t.working[day] === 1;
  }

  restDay(day: number): RestDay | null {
    const kind = this.#t.restKind[this.checkDay(day)];
    return kind === REST_NONE ? null : { kind: REST_KINDS[kind - 1], name: this.#t.restName[day] as string };
  }

  hasProvisionalDays(fromDay: number, toDay: number): boolean {
    const p = this.#t.provisionalBefore;
    return p[toDay + 1] - p[fromDay] > 0;
  }

  openingMs(day: number): number {
    if (!this.isWorkingDay(day)) throw new ClockError('NOT_A_WORKING_DAY', `day ${day} has no opening`);
    return this.#t.periodStart[this.#t.dayPeriods[day]];
  }

  closingMs(day: number): number {
    if (!this.isWorkingDay(day)) throw new ClockError('NOT_A_WORKING_DAY', `day ${day} has no closing`);
    return this.#t.periodEnd[this.#t.dayPeriods[day + 1] - 1];
  }

  periodsOf(day: number): { startMs: number; endMs: number }[] {
    const { dayPeriods, periodStart, periodEnd } = this.#t;
    const out: { startMs: number; endMs: number }[] = [];
    for (let p = dayPeriods[this.checkDay(day)]; p < dayPeriods[day + 1]; p++) {
      out.push({ startMs: periodStart[p], endMs: periodEnd[p] });
    }
    return out;
  }

  workingOrdinalAfter(day: number): number {
    return this.#t.workingBefore[day + 1];
  }

  workingDayAt(ordinal: number): number {
    if (ordinal >= this.workingDayCount) throw outOfRange(`working day #${ordinal}`);
    return this.#t.ordinalDay[ordinal];
  }

  workingMsAt(ms: number): number {
    const { dayPeriods, periodStart, periodEnd, cumulative } = this.#t;
    const d = this.dayOf(ms);
    const last = dayPeriods[d + 1];
    for (let p = dayPeriods[d]; p < last; p++) {
      if (ms < periodStart[p]) return cumulative[p];
      if (ms < periodEnd[p]) return cumulative[p] + (ms - periodStart[p]);
    }
    return cumulative[last];
  }

  workingMsAtDayStart(day: number): number {
    return this.#t.cumulative[this.#t.dayPeriods[day]];
  }

  instantAtWorkingMs(w: number): number {
    const { periodStart, cumulative } = this.#t;
    const periods = periodStart.length;
    if (!(w >= 0 && w <= cumulative[periods]) || periods === 0) throw outOfRange(`working time ${w}`);
    // Smallest period whose end reaches w.
    let lo = 0;
    let hi = periods - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid + 1] >= w) hi = mid;
      else lo = mid + 1;
    }
    return periodStart[lo] + (w - cumulative[lo]);
  }

  private checkDay(day: number): number {
    if (!(day >= 0 && day < this.dayCount)) throw outOfRange(`day ${day}`);
    return day;
  }
}
