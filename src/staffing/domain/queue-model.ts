import { erlangA } from './erlang-a';
import { erlangC } from './erlang-c';
import { QueueFigures, QueueInput, QueueInputError } from './queue-figures';

export const QUEUE_MODELS = ['erlang-c', 'erlang-a'] as const;
export type QueueModel = (typeof QUEUE_MODELS)[number];

export interface ModelInput extends QueueInput {
  model: QueueModel;
  /** Erlang A only. */
  patienceMinutes?: number;
}

export function evaluate(input: ModelInput): QueueFigures {
  if (input.model === 'erlang-c') return erlangC(input);
  if (input.patienceMinutes === undefined) throw new QueueInputError('patienceMinutes', 'Erlang A needs the mean patience');
  return erlangA({ ...input, patienceMinutes: input.patienceMinutes });
}

const reaches = (figures: QueueFigures, targetShare: number) => figures.stable && figures.withinTargetShare >= targetShare;

/**
 * The fewest windows whose 达标率 reaches `targetShare` (0 when nobody arrives). For Erlang C the
 * search starts at the first stable count ⌊a⌋ + 1; Erlang A, which never needs more than Erlang C
 * (people who give up shorten the line), is bisected below Erlang C's answer, the share rising with
 * every window added.
 */
export function recommendedWindows(input: Omit<ModelInput, 'windows'>, targetShare: number): number {
  if (!(targetShare > 0 && targetShare < 1)) throw new QueueInputError('targetShare', 'target share must lie between 0 and 1');
  if (input.arrivalsPerMinute === 0) return 0;
  const load = input.arrivalsPerMinute * input.meanServiceMinutes;
  let upper = Math.floor(load) + 1;
  while (!reaches(erlangC({ ...input, windows: upper }), targetShare)) upper++;
  if (input.model === 'erlang-c') return upper;
  let lower = 0;
  while (upper - lower > 1) {
    const middle = Math.floor((lower + upper) / 2);
    if (reaches(evaluate({ ...input, windows: middle }), targetShare)) upper = middle;
    else lower = middle;
  }
  return upper;
}
