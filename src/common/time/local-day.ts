import { wallClockAt } from './wall-clock';

/**
 * Hall-local calendar day and wall-clock time. Ticket numbers restart per local day and issuing
 * hours are local, so both must come from the hall's time zone, never from the server's.
 */
export interface LocalDateTime {
  /** 'YYYY-MM-DD' */
  readonly date: string;
  /** 'HH:MM:SS', 24-hour */
  readonly time: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The last answer per time zone, by whole second: a rush asks for the same second again and again,
 * and formatToParts is among the dearest steps of issuing a ticket.
 */
const lastByZone = new Map<string, { second: number; value: LocalDateTime }>();

export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastByZone.get(timeZone);
  if (last?.second === second) return last.value;
  const w = wallClockAt(instant.getTime(), timeZone);
  const value = {
    date: `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`,
    time: `${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`,
  };
  lastByZone.set(timeZone, { second, value });
  return value;
}

/** 'H:MM', 'HH:MM' or 'HH:MM:SS' → 'HH:MM:SS', so that times compare as strings. */
export function normalizeTime(time: string): string {
  const [h, m = '00', s = '00'] = time.split(':');
  return `${h.padStart(2, '0')}:${m.padStart(2, '0')}:${s.padStart(2, '0')}`;
}

/** Issuing hours are [from, until); a missing bound is open. */
export function withinHours(time: string, from: string | null, until: string | null): boolean {
  const t = normalizeTime(time);
  return (from === null || normalizeTime(from) <= t) && (until === null || t < normalizeTime(until));
}

export function minutesOfDay(time: string): number {
  const [h, m] = normalizeTime(time).split(':').map(Number);
  return h * 60 + m;
}

export function timeOfMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
}
