import { AppException } from '../../common/errors/app-exception';

/**
 * Report periods are whole local days of the hall, [from, to] with both ends included; days,
 * weeks (Monday to Sunday, ISO) and months are keyed by their first day, YYYY-MM-DD.
 */

export const PERIOD_GROUPS = ['day', 'week', 'month'] as const;
export type PeriodGroup = (typeof PERIOD_GROUPS)[number];

export const MAX_RANGE_YEARS = 3;

const DAY_MS = 86_400_000;

function epochDay(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function dateOfEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return dateOfEpochDay(epochDay(date) + days);
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  // 29 February plus a year is 1 March, as Date.UTC rolls it.
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** from ≤ to and the range shorter than three years (2023-01-01 to 2025-12-31 is the longest from 2023-01-01). */
export function checkRange(from: string, to: string): void {
  if (from > to) throw new AppException('STATS_RANGE_INVALID', { from, to });
  if (to >= addYears(from, MAX_RANGE_YEARS)) {
    throw new AppException('STATS_RANGE_TOO_LONG', {
      from,
      to,
      maxYears: MAX_RANGE_YEARS,
      latestTo: addDays(addYears(from, MAX_RANGE_YEARS), -1),
    });
  }
}

export function isPeriodGroup(group: string | undefined): group is PeriodGroup {
  return (PERIOD_GROUPS as readonly string[]).includes(group ?? '');
}

/** The first local day of the period a date falls in, as SQL over a `date` expression. */
export function periodKeySql(group: PeriodGroup, dateExpr: string): string {
  return group === 'day' ? `${dateExpr}::text` : `date_trunc('${group}', ${dateExpr})::date::text`;
}

export function periodLabel(group: PeriodGroup, key: string): string {
  switch (group) {
    case 'day':
      return key;
    case 'week':
      return `${key} 至 ${addDays(key, 6)}`;
    case 'month':
      return key.slice(0, 7);
  }
}

export function hourLabel(hour: number): string {
  const pad = (h: number) => String(h).padStart(2, '0');
  return `${pad(hour)}:00–${pad(hour + 1)}:00`;
}

function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function nextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/**
 * [from, to] as the whole months inside it plus the days at either end, so that a long range
 * reads monthly roll-ups and only its ragged ends read daily ones.
 */
export function splitIntoMonths(from: string, to: string): { months: [string, string] | null; days: [string, string][] } {
  const firstWhole = from === firstOfMonth(from) ? from : nextMonth(from);
  const afterLastWhole = firstOfMonth(addDays(to, 1));
  if (firstWhole >= afterLastWhole) return { months: null, days: [[from, to]] };
  const days: [string, string][] = [];
  if (from < firstWhole) days.push([from, addDays(firstWhole, -1)]);
  if (afterLastWhole <= to) days.push([afterLastWhole, to]);
  const lastWhole = firstOfMonth(addDays(afterLastWhole, -1));
  return { months: [firstWhole, lastWhole], days };
}
