/** A local calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** Local wall-clock time, 'HH:MM' (24-hour; '24:00' allowed as an end). */
export type WallTime = string;

export interface WorkingPeriod {
  start: WallTime;
  end: WallTime;
}

/**
 * The national schedule as data. The database seeds it; the domain never fetches it, so the
 * clock stays deterministic and testable against literal lists.
 */
export interface HolidayCalendar {
  /** Days off (法定节假日, including the weekend days inside a holiday block), by name. */
  holidays: ReadonlyMap<IsoDate, string>;
  /** Weekend days that are working days (调休上班), by the holiday they pay for. */
  makeupWorkdays: ReadonlyMap<IsoDate, string>;
  /** Years whose schedule has been published and loaded; others are provisional. */
  loadedYears: ReadonlySet<number>;
}

/** A hall closed on a working day, or open on a rest day. */
export const OVERRIDE_KINDS = ['closed', 'open'] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

/** A hall's own exception to the national schedule; it wins over it. */
export interface HallOverride {
  date: IsoDate;
  kind: OverrideKind;
  name?: string;
  /** For 'open' days only; defaults to the hall's usual hours. */
  hours?: readonly WorkingPeriod[];
}

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export const LIMIT_UNITS = ['working_days', 'natural_days', 'working_hours', 'minutes'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export interface Limit {
  value: number;
  unit: LimitUnit;
}

export const REST_KINDS = ['holiday', 'weekend', 'closed'] as const;
export type RestKind = (typeof REST_KINDS)[number];

export interface SkippedDay {
  date: IsoDate;
  name: string;
  kind: RestKind;
}

export interface Suspension {
  fromMs: number;
  /** Absent while the case is still suspended. */
  toMs?: number;
}

export type ClockErrorCode =
  | 'INVALID_LIMIT'
  | 'INVALID_INSTANT'
  | 'INVALID_EXTENSION'
  | 'INVALID_STEP_SHARES'
  | 'INVALID_WORKING_HOURS'
  | 'INVALID_DATE'
  | 'INVALID_YEAR_RANGE'
  | 'INVALID_TIMEZONE'
  | 'DUPLICATE_OVERRIDE'
  | 'SUSPENSION_ENDS_BEFORE_START'
  | 'NOT_A_WORKING_DAY'
  | 'OUT_OF_RANGE';

export class ClockError extends Error {
  constructor(
    readonly code: ClockErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'ClockError';
  }
}
