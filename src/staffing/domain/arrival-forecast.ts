/**
 * The forecast of arrivals per hour and category for one date from the hall's own history
 * (DOMAIN.md "Staffing": arrivals depend on the hour, the weekday, the first working days of a
 * month and the days after a long holiday). Pure: counts in, figures out.
 *
 * 1. Baseline: the same weekday over the last `weeks` weeks, ordinary days only (neither among
 *    the first working days of a month nor just after a long holiday); all of those weekdays when
 *    fewer than two are ordinary.
 * 2. Effects, per category and only where the history shows them: a factor for the first
 *    `MONTH_START_DAYS` working days of a month, and one for the first working day after a long
 *    holiday. Each special day of the history is compared with the ordinary days of its own
 *    weekday (so the weekday mix does not masquerade as an effect); the factor is the mean of
 *    those ratios, applied when at least two special days agree on it: the mean lies more than
 *    two standard errors (and 10 %) away from 1.
 * 3. Per hour and category: the baseline days' counts times the factors; mean, standard
 *    deviation and the 10th and 90th percentiles (linear interpolation) of those figures.
 */

export const DEFAULT_WEEKS = 8;
export const MONTH_START_DAYS = 3;
/** A run of at least this many rest days is a long holiday (a weekend is two). */
export const LONG_HOLIDAY_REST_DAYS = 3;
const MIN_SPECIAL_DAYS = 2;
const MIN_EFFECT = 0.1;

/** What the calendar says about a working day. */
export interface DayKind {
  /** YYYY-MM-DD. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** 1 for the month's first working day, 2 for the second, … */
  workingDayOfMonth: number;
  /** The first working day after a long holiday. */
  afterLongHoliday: boolean;
}

export interface ArrivalCount {
  hour: number;
  categoryId: string;
  count: number;
}

/** A working day of the history with every ticket issued on it (a day with none has no counts, but is listed). */
export interface HistoryDay extends DayKind {
  counts: readonly ArrivalCount[];
}

export type EffectKind = 'month-start' | 'after-holiday';

export interface ForecastEffect {
  kind: EffectKind;
  categoryId: string;
  factor: number;
  /** Special days of the history it was measured on. */
  days: number;
}

export interface ForecastCell {
  hour: number;
  categoryId: string;
  mean: number;
  standardDeviation: number;
  p10: number;
  p90: number;
}

export interface ArrivalForecast {
  /** The history days the baseline is taken from. */
  baselineDates: string[];
  effects: ForecastEffect[];
  cells: ForecastCell[];
}

export interface ForecastInput {
  target: DayKind;
  history: readonly HistoryDay[];
  hours: readonly number[];
  categoryIds: readonly string[];
  weeks?: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** The calendar facts of a working day, from a predicate over dates (YYYY-MM-DD). */
export function dayKind(date: string, isWorkingDay: (date: string) => boolean): DayKind {
  const day = dayNumber(date);
  const iso = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
  let ordinal = 0;
  for (let d = dayNumber(`${date.slice(0, 8)}01`); d <= day; d++) if (isWorkingDay(iso(d))) ordinal++;
  let rest = 0;
  while (rest <= LONG_HOLIDAY_REST_DAYS && !isWorkingDay(iso(day - rest - 1))) rest++;
  return {
    date,
    weekday: new Date(day * DAY_MS).getUTCDay(),
    workingDayOfMonth: ordinal,
    afterLongHoliday: rest >= LONG_HOLIDAY_REST_DAYS,
  };
}

const isMonthStart = (d: DayKind) => d.workingDayOfMonth >= 1 && d.workingDayOfMonth <= MONTH_START_DAYS;
const isOrdinary = (d: DayKind) => !isMonthStart(d) && !d.afterLongHoliday;

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

function standardDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** The q-quantile of the values with linear interpolation between order statistics. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

function categoryTotal(day: HistoryDay, categoryId: string): number {
  return day.counts.reduce((s, c) => (c.categoryId === categoryId ? s + c.count : s), 0);
}

/** The factor of one effect for one category, or null where the history does not show it. */
function effectFactor(
  history: readonly HistoryDay[],
  categoryId: string,
  special: (d: DayKind) => boolean,
): { factor: number; days: number } | null {
  const ordinaryByWeekday = new Map<number, number[]>();
  for (const d of history.filter(isOrdinary)) {
    const list = ordinaryByWeekday.get(d.weekday) ?? [];
    list.push(categoryTotal(d, categoryId));
    ordinaryByWeekday.set(d.weekday, list);
  }
  const ratios: number[] = [];
  for (const d of history.filter(special)) {
    const usual = mean(ordinaryByWeekday.get(d.weekday) ?? []);
    if (usual > 0) ratios.push(categoryTotal(d, categoryId) / usual);
  }
  if (ratios.length < MIN_SPECIAL_DAYS) return null;
  const factor = mean(ratios);
  const standardError = standardDeviation(ratios) / Math.sqrt(ratios.length);
  const shown = Math.abs(factor - 1) >= MIN_EFFECT && Math.abs(factor - 1) > 2 * standardError;
  return shown ? { factor, days: ratios.length } : null;
}

export function forecastArrivals(input: ForecastInput): ArrivalForecast {
  const { target, history, hours, categoryIds } = input;
  const weeks = input.weeks ?? DEFAULT_WEEKS;
  const targetDay = dayNumber(target.date);
  const sameWeekday = history.filter((d) => {
    const back = targetDay - dayNumber(d.date);
    return d.weekday === target.weekday && back > 0 && back <= weeks * 7;
  });
  const ordinary = sameWeekday.filter(isOrdinary);
  const baseline = ordinary.length >= 2 ? ordinary : sameWeekday;
  const past = history.filter((d) => dayNumber(d.date) < targetDay);

  const effects: ForecastEffect[] = [];
  const factors = new Map<string, number>();
  for (const categoryId of categoryIds) {
    let factor = 1;
    const wanted: [EffectKind, (d: DayKind) => boolean][] = [];
    if (isMonthStart(target)) wanted.push(['month-start', (d) => isMonthStart(d) && !d.afterLongHoliday]);
    if (target.afterLongHoliday) wanted.push(['after-holiday', (d) => d.afterLongHoliday]);
    for (const [kind, special] of wanted) {
      const effect = effectFactor(past, categoryId, special);
      if (!effect) continue;
      effects.push({ kind, categoryId, ...effect });
      factor *= effect.factor;
    }
    factors.set(categoryId, factor);
  }

  const cells: ForecastCell[] = [];
  for (const hour of hours) {
    for (const categoryId of categoryIds) {
      const factor = factors.get(categoryId)!;
      const samples = baseline.map((d) => factor * (d.counts.find((c) => c.hour === hour && c.categoryId === categoryId)?.count ?? 0));
      cells.push({
        hour,
        categoryId,
        mean: mean(samples),
        standardDeviation: standardDeviation(samples),
        p10: quantile(samples, 0.1),
        p90: quantile(samples, 0.9),
      });
    }
  }
  return { baselineDates: baseline.map((d) => d.date), effects, cells };
}
