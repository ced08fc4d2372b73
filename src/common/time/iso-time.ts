import { wallClockAt } from './wall-clock';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written as YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value;
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Epoch ms of an ISO 8601 instant, or null. The offset is required: a wall time alone would
 * be read in the server's zone, not the hall's, and a deadline would silently shift. Checked
 * field by field because Date.parse accepts impossible dates (2025-02-30) in some forms.
 */
export function parseIsoInstant(value: string): number | null {
  const m = ISO_INSTANT.exec(value);
  if (!m || !isIsoDate(m[1])) return null;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[6] !== 'Z') {
    const [h, min] = [Number(m[8]), Number(m[9])];
    if (h > 14 || min > 59) return null;
    offsetMinutes = (m[7] === '-' ? -1 : 1) * (h * 60 + min);
  }
  const millis = Number((m[5] ?? '').padEnd(3, '0').slice(0, 3));
  const [year, month, day] = m[1].split('-').map(Number);
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** An instant as the hall reads it: local wall time with its offset, 2025-10-10T17:30:00+08:00. */
export function formatInstant(ms: number, timezone: string): string {
  const f = wallClockAt(ms, timezone);
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  const offsetMinutes = Math.round((Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - wholeSeconds) / 60_000);
  const millis = ms - wholeSeconds;
  const sign = offsetMinutes < 0 ? '-' : '+';
  return (
    `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}` +
    (millis ? `.${pad(millis, 3)}` : '') +
    `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`
  );
}
