import { buildCalendarIndex, CalendarIndex } from '../calendar-index';
import { HallOverride, HolidayCalendar, IsoDate, WorkingPeriod } from '../calendar-types';

/**
 * The State Council holiday notices, copied by hand (not from a package) so the tests check
 * the clock against the source documents rather than against the code that seeds the database.
 */
interface Notice {
  year: number;
  holidays: { name: string; from: IsoDate; to: IsoDate }[];
  makeupWorkdays: { name: string; date: IsoDate }[];
}

/** 国办发明电〔2024〕12号 */
export const NOTICE_2025: Notice = {
  year: 2025,
  holidays: [
    { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
    { name: '春节', from: '2025-01-28', to: '2025-02-04' },
    { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
    { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
    { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
    { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
  ],
  makeupWorkdays: [
    { name: '春节', date: '2025-01-26' },
    { name: '春节', date: '2025-02-08' },
    { name: '劳动节', date: '2025-04-27' },
    { name: '国庆节、中秋节', date: '2025-09-28' },
    { name: '国庆节、中秋节', date: '2025-10-11' },
  ],
};

/** 国办发明电〔2025〕7号 */
export const NOTICE_2026: Notice = {
  year: 2026,
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节', from: '2026-02-15', to: '2026-02-23' },
    { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
    { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
  ],
  makeupWorkdays: [
    { name: '元旦', date: '2026-01-04' },
    { name: '春节', date: '2026-02-14' },
    { name: '春节', date: '2026-02-28' },
    { name: '劳动节', date: '2026-05-09' },
    { name: '国庆节', date: '2026-09-20' },
    { name: '国庆节', date: '2026-10-10' },
  ],
};

export const STANDARD_HOURS: WorkingPeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

function daysFromTo(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let ms = Date.parse(from); ms <= Date.parse(to); ms += 86_400_000) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

export function officialCalendar(notices: Notice[] = [NOTICE_2025, NOTICE_2026]): HolidayCalendar {
  const holidays = new Map<IsoDate, string>();
  const makeupWorkdays = new Map<IsoDate, string>();
  for (const notice of notices) {
    for (const h of notice.holidays) for (const d of daysFromTo(h.from, h.to)) holidays.set(d, h.name);
    for (const m of notice.makeupWorkdays) makeupWorkdays.set(m.date, m.name);
  }
  return { holidays, makeupWorkdays, loadedYears: new Set(notices.map((n) => n.year)) };
}

/** A hall on the official 2025/2026 schedule, indexed 2024–2027 (2024 and 2027 not loaded). */
export function standardIndex(overrides: HallOverride[] = []): CalendarIndex {
  return buildCalendarIndex({
    calendar: officialCalendar(),
    overrides,
    workingHours: STANDARD_HOURS,
    fromYear: 2024,
    toYear: 2027,
  });
}

/** '2025-09-26 16:00' in Asia/Shanghai (UTC+8, no DST since 1991) as epoch ms. */
export function at(local: string): number {
  return Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
}

/** Epoch ms as 'YYYY-MM-DD HH:MM' in Asia/Shanghai, seconds kept only when not zero. */
export function local(ms: number): string {
  const iso = new Date(ms + 8 * 3_600_000).toISOString();
  return iso.slice(17, 23) === '00.000' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}
