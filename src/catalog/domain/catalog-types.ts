import type { Limit } from '../../calendar/domain/calendar-types';

export const ITEM_TYPES = ['行政许可', '行政给付', '行政确认', '行政奖励', '行政裁决', '其他行政权力', '公共服务'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export const CASE_TYPES = ['instant', 'promised', 'reported', 'joint'] as const;
export type CaseType = (typeof CASE_TYPES)[number];
export const NECESSITIES = ['required', 'optional', 'deferrable'] as const;
export type Necessity = (typeof NECESSITIES)[number];
export const DELIVERY_OPTIONS = ['window', 'express', 'electronic'] as const;
export type DeliveryOption = (typeof DELIVERY_OPTIONS)[number];

/** An item's legal or promised limit: the deadline clock's Limit. */
export type TimeLimit = Limit;

/**
 * Rough length of a limit in working minutes, only to compare a promised limit with a
 * legal one given in another unit (a working day ≈ 8 working hours, a week = 5 working days).
 */
export function approximateWorkingMinutes(limit: TimeLimit): number {
  switch (limit.unit) {
    case 'minutes':
      return limit.value;
    case 'working_hours':
      return limit.value * 60;
    case 'working_days':
      return limit.value * 8 * 60;
    case 'natural_days':
      return ((limit.value * 5) / 7) * 8 * 60;
  }
}

export function promisedWithinLegal(promised: TimeLimit, legal: TimeLimit | null): boolean {
  if (!legal) return true;
  if (promised.unit === legal.unit) return promised.value <= legal.value;
  return approximateWorkingMinutes(promised) <= approximateWorkingMinutes(legal);
}
