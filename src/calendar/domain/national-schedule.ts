import { isIsoDate } from '../../common/time/iso-time';
import { HolidayCalendar, IsoDate } from './calendar-types';

export type NationalDayKind = 'holiday' | 'makeup_workday';

/** One day of the State Council schedule: a day off, or a weekend day that is worked (调休上班). */
export interface NationalDay {
  date: IsoDate;
  kind: NationalDayKind;
  name: string;
}

/** Years a schedule may be loaded for; the database checks the same bounds. */
export const SCHEDULE_MIN_YEAR = 2000;
export const SCHEDULE_MAX_YEAR = 2100;

export type ScheduleErrorCode =
  'INVALID_YEAR' | 'INVALID_DATE' | 'DATE_OUTSIDE_YEAR' | 'DUPLICATE_DATE' | 'MAKEUP_NOT_WEEKEND' | 'EMPTY_SCHEDULE' | 'INVALID_ICS';

export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code} ${JSON.stringify(details)}`);
    this.name = 'ScheduleError';
  }
}

function isWeekend(date: IsoDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

// The notices name these festivals 清明节, 端午节 and 中秋节; chinese-days and calendar feeds
// abbreviate them, and the names end up on notices handed to applicants.
const FULL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

export function holidayName(raw: string): string {
  const name = raw.trim();
  return FULL_NAMES[name] ?? name;
}

export function checkScheduleYear(year: number): void {
  if (!Number.isInteger(year) || year < SCHEDULE_MIN_YEAR || year > SCHEDULE_MAX_YEAR) {
    throw new ScheduleError('INVALID_YEAR', { year, min: SCHEDULE_MIN_YEAR, max: SCHEDULE_MAX_YEAR });
  }
}

/**
 * A year's schedule as it will be stored: every date real and inside the year, none twice,
 * make-up working days only on weekends (on a weekday one would mean nothing, so it is a
 * mistake in the input, most likely swapped kinds), names in full; sorted by date.
 */
export function checkYearSchedule(year: number, days: readonly NationalDay[]): NationalDay[] {
  checkScheduleYear(year);
  if (days.length === 0) throw new ScheduleError('EMPTY_SCHEDULE', { year });
  const seen = new Set<IsoDate>();
  const out: NationalDay[] = [];
  for (const day of days) {
    if (!isIsoDate(day.date)) throw new ScheduleError('INVALID_DATE', { date: day.date });
    if (Number(day.date.slice(0, 4)) !== year) throw new ScheduleError('DATE_OUTSIDE_YEAR', { date: day.date, year });
    if (seen.has(day.date)) throw new ScheduleError('DUPLICATE_DATE', { date: day.date });
    if (day.kind === 'makeup_workday' && !isWeekend(day.date)) throw new ScheduleError('MAKEUP_NOT_WEEKEND', { date: day.date });
    seen.add(day.date);
    out.push({ date: day.date, kind: day.kind, name: holidayName(day.name) });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function toHolidayCalendar(days: Iterable<NationalDay>, loadedYears: Iterable<number>): HolidayCalendar {
  const holidays = new Map<IsoDate, string>();
  const makeupWorkdays = new Map<IsoDate, string>();
  for (const day of days) (day.kind === 'holiday' ? holidays : makeupWorkdays).set(day.date, day.name);
  return { holidays, makeupWorkdays, loadedYears: new Set(loadedYears) };
}
