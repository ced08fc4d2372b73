/**
 * Estimated wait shown to citizens (DOMAIN.md "Queue (排队叫号)"): tickets ahead ÷ open windows
 * serving the category × a robust average service time.
 */

export interface EstimateWaitsInput {
  /** Predicted call order, first to be called first (see orderWaiting). */
  readonly orderedTicketIds: readonly string[];
  /**
   * Open windows serving the category. May be fractional when windows share their time with
   * other categories; 0 or less means nobody is serving it.
   */
  readonly openWindowsServing: number;
  /** Recent service durations (started → finished) of the category, in ms. */
  readonly recentServiceMs: readonly number[];
  /** Used when there is no usable recent duration, in ms. */
  readonly defaultServiceMs: number;
}

export interface TicketWaitEstimate {
  readonly ticketId: string;
  /** Tickets predicted to be called before this one. */
  readonly ahead: number;
  /** null = unknown: no open window serves the category, so no finite estimate is honest. */
  readonly estimatedWaitMs: number | null;
}

/**
 * Mean after dropping the shortest and longest tenth (at least one each side from 3 samples):
 * service times are skewed by the occasional hour-long case and by mis-clicked finishes, which a
 * plain mean would pass on to every citizen's estimate, while a median would under-estimate the
 * throughput that actually drains the queue.
 */
export function robustServiceMs(recentServiceMs: readonly number[], defaultServiceMs: number): number {
  if (!(defaultServiceMs > 0) || !Number.isFinite(defaultServiceMs)) {
    throw new RangeError(`defaultServiceMs must be a positive number, got ${defaultServiceMs}`);
  }
  // Zero, negative or non-finite durations come from broken timestamps, not from real service.
  const samples = recentServiceMs.filter((ms) => Number.isFinite(ms) && ms > 0).sort((a, b) => a - b);
  if (samples.length === 0) return defaultServiceMs;
  const trim = samples.length >= 3 ? Math.ceil(samples.length / 10) : 0;
  const kept = samples.slice(trim, samples.length - trim);
  return kept.reduce((sum, ms) => sum + ms, 0) / kept.length;
}

export function estimateWaits(input: EstimateWaitsInput): TicketWaitEstimate[] {
  const serviceMs = robustServiceMs(input.recentServiceMs, input.defaultServiceMs);
  const windows = input.openWindowsServing;
  const serving = Number.isFinite(windows) && windows > 0;
  return input.orderedTicketIds.map((ticketId, ahead) => ({
    ticketId,
    ahead,
    estimatedWaitMs: serving ? Math.round((ahead / windows) * serviceMs) : null,
  }));
}
