import { minutesOfDay, timeOfMinutes } from '../common/time/local-day';

export interface Slot {
  /** 'HH:MM:SS', hall-local */
  start: string;
  end: string;
}

/** Whole slots of `slotMinutes` inside each working period; a remainder shorter than a slot is not offered. */
export function daySlots(workingHours: readonly { start: string; end: string }[], slotMinutes: number): Slot[] {
  const slots: Slot[] = [];
  for (const period of workingHours) {
    const end = minutesOfDay(period.end);
    for (let start = minutesOfDay(period.start); start + slotMinutes <= end; start += slotMinutes) {
      slots.push({ start: timeOfMinutes(start), end: timeOfMinutes(start + slotMinutes) });
    }
  }
  return slots;
}

/** The daily quota spread evenly over the slots, rounded up so that it can always be reached. */
export function slotCapacity(dailyQuota: number, slotCount: number): number {
  return slotCount === 0 ? 0 : Math.ceil(dailyQuota / slotCount);
}

/** 'YYYY-MM-DD' plus whole days, on the calendar alone (no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
