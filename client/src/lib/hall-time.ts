// Every instant a page shows is on the hall's clock, whatever the browser's zone: staff compare it with
// the clock on the hall's wall, a citizen with the ticket in their hand.

export type HallTimeStyle = 'dateTime' | 'dateTimeSeconds' | 'clock' | 'clockMinutes' | 'slip' | 'longDate';

const DAY = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;
const MINUTE = { hour: '2-digit', minute: '2-digit' } as const;

const STYLES: Record<HallTimeStyle, [locale: string, options: Intl.DateTimeFormatOptions]> = {
  // "2026-03-16 17:30": Swedish writes dates as ISO does, which reads the same in Chinese and English.
  dateTime: ['sv-SE', { ...DAY, ...MINUTE }],
  dateTimeSeconds: ['sv-SE', { ...DAY, ...MINUTE, second: '2-digit' }],
  // "09:05:12"
  clock: ['zh-CN', { ...MINUTE, second: '2-digit' }],
  // "09:05"
  clockMinutes: ['zh-CN', MINUTE],
  // "2026/03/02 09:05", as the printed ticket has it
  slip: ['zh-CN', { ...DAY, ...MINUTE }],
  // "2026年3月2日星期一"
  longDate: ['zh-CN', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }],
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Kept per zone, style and language: building one is dear, and the screens format every second. */
export function hallFormatter(timeZone: string, style: HallTimeStyle, locale = STYLES[style][0]): Intl.DateTimeFormat {
  const key = `${timeZone}|${style}|${locale}`;
  let format = formatters.get(key);
  if (!format) {
    // h23, not hour12: false, which some engines print as "24:05" after midnight.
    format = new Intl.DateTimeFormat(locale, { timeZone, hourCycle: 'h23', ...STYLES[style][1] });
    formatters.set(key, format);
  }
  return format;
}

/** "—" for a time not there (yet). */
export function hallTime(at: string | Date | null | undefined, timeZone: string, style: HallTimeStyle = 'dateTime'): string {
  return at ? hallFormatter(timeZone, style).format(typeof at === 'string' ? new Date(at) : at) : '—';
}
