/**
 * What a queueing model or the simulator says about one group of windows in one hour. Rates are
 * per minute, durations in minutes; `withinTargetShare` is 等候达标率: of the citizens who are
 * called, the share called within the target wait (DOMAIN.md "Staffing"), as the hall measures it.
 */
export type QueueFigures = StableFigures | UnstableFigures;

export interface StableFigures {
  stable: true;
  /** Share of arrivals who find every window busy. */
  probabilityOfWaiting: number;
  withinTargetShare: number;
  /** Mean time from arrival to being called, or to giving up, over every arrival (zero waits included). */
  meanWaitMinutes: number;
  /** Busy windows ÷ windows. */
  utilisation: number;
  /** Share of arrivals who give up before being called (0 without abandonment). */
  abandonmentShare: number;
}

/** Arrivals beyond what the windows can serve: the queue grows without end, so there is no finite wait. */
export interface UnstableFigures {
  stable: false;
  probabilityOfWaiting: 1;
  withinTargetShare: 0;
  meanWaitMinutes: null;
  utilisation: 1;
  abandonmentShare: 0;
}

export const UNSTABLE: UnstableFigures = {
  stable: false,
  probabilityOfWaiting: 1,
  withinTargetShare: 0,
  meanWaitMinutes: null,
  utilisation: 1,
  abandonmentShare: 0,
};

export interface QueueInput {
  arrivalsPerMinute: number;
  meanServiceMinutes: number;
  windows: number;
  targetWaitMinutes: number;
}

/** Nobody arrives: nobody waits. */
export const IDLE: StableFigures = {
  stable: true,
  probabilityOfWaiting: 0,
  withinTargetShare: 1,
  meanWaitMinutes: 0,
  utilisation: 0,
  abandonmentShare: 0,
};

export class QueueInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The model's preconditions; thrown as a QueueInputError naming the field. */
export function checkQueueInput(input: QueueInput): void {
  const { arrivalsPerMinute, meanServiceMinutes, windows, targetWaitMinutes } = input;
  if (!Number.isFinite(arrivalsPerMinute) || arrivalsPerMinute < 0)
    throw new QueueInputError('arrivalsPerHour', 'arrivals must be a finite rate ≥ 0');
  if (!Number.isFinite(meanServiceMinutes) || meanServiceMinutes <= 0)
    throw new QueueInputError('meanServiceMinutes', 'mean service time must be finite and > 0');
  if (!Number.isInteger(windows) || windows < 0) throw new QueueInputError('windows', 'windows must be a whole number ≥ 0');
  if (!Number.isFinite(targetWaitMinutes) || targetWaitMinutes < 0)
    throw new QueueInputError('targetWaitMinutes', 'target wait must be finite and ≥ 0');
}
