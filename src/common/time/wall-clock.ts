/**
 * The one reader of a zone's wall clock (Intl.DateTimeFormat), shared by the hall-local day, the
 * ISO formatting with offset and the calendar's zone offsets. formatToParts is dear, so each zone
 * keeps its formatter.
 */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError for a zone Intl does not know. */
function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock of the zone at the instant, to the whole second. */
export function wallClockAt(ms: number, timeZone: string): WallClock {
  const f: Record<string, number> = {};
  for (const part of formatFor(timeZone).formatToParts(ms)) f[part.type] = Number(part.value);
  return { year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, second: f.second };
}

/** The zone's offset at the instant, in ms: its wall clock read as UTC minus the instant (to the second). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const w = wallClockAt(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/** Checks the zone once, so that a caller can answer an unknown zone in its own words. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
