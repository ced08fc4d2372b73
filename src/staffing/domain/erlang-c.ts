import { checkQueueInput, IDLE, QueueFigures, QueueInput, UNSTABLE } from './queue-figures';

/**
 * Erlang B, B(N, a), by its recursion B(0) = 1, B(n) = a·B(n−1) / (n + a·B(n−1)): every step
 * stays in [0, 1], so it holds for thousands of windows where aᴺ/N! would overflow.
 */
export function erlangB(windows: number, offeredLoad: number): number {
  let b = 1;
  for (let n = 1; n <= windows; n++) b = (offeredLoad * b) / (n + offeredLoad * b);
  return b;
}

/** Erlang C, the probability of waiting in M/M/N with a < N: C = N·B / (N − a·(1 − B)). */
export function erlangCProbability(windows: number, offeredLoad: number): number {
  if (offeredLoad >= windows) return 1;
  const b = erlangB(windows, offeredLoad);
  // At most 1 in exact arithmetic; a load a hair below N can round past it.
  return Math.min(1, (windows * b) / (windows - offeredLoad * (1 - b)));
}

/**
 * M/M/N, nobody gives up (DOMAIN.md "Staffing"): a = λ·s; P(wait) = C(N, a);
 * P(wait ≤ t) = 1 − C·e^(−(N−a)·t/s); mean wait = C·s/(N−a); utilisation a/N. With a ≥ N the
 * queue grows without end: unstable, no finite wait.
 */
export function erlangC(input: QueueInput): QueueFigures {
  checkQueueInput(input);
  const { arrivalsPerMinute, meanServiceMinutes: s, windows: n, targetWaitMinutes: t } = input;
  if (arrivalsPerMinute === 0) return IDLE;
  const a = arrivalsPerMinute * s;
  if (a >= n) return UNSTABLE;
  const c = erlangCProbability(n, a);
  return {
    stable: true,
    probabilityOfWaiting: c,
    withinTargetShare: 1 - c * Math.exp((-(n - a) * t) / s),
    meanWaitMinutes: (c * s) / (n - a),
    utilisation: a / n,
    abandonmentShare: 0,
  };
}
