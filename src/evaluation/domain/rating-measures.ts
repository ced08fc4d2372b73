import { isGood, isPoor, Score, SCORE_LABELS, SCORES } from './rating-rules';

/** What the 好差评 measures are computed from: ratings counted per score, and the rectification tasks they opened. */
export interface RatingCounts {
  /** Ratings given each score. */
  byScore: Readonly<Record<Score, number>>;
  /** Rectification tasks opened by these ratings (a 差评 opens one). */
  tasks: number;
  /** Of those, the tasks closed (as of when the counts were read). */
  closedTasks: number;
}

export interface RatingMeasureFigures {
  /** Per level, from 5 (非常满意) down to 1. */
  levels: { score: Score; level: string; count: number }[];
  total: number;
  good: number;
  poor: number;
  goodRate: number | null;
  poorRate: number | null;
  tasks: number;
  closedTasks: number;
  rectificationRate: number | null;
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/**
 * The one definition of the 好差评 measures (DOMAIN.md "Measures for managers"), used by the
 * evaluation module's own report and by the statistics' roll-ups:
 * - 好评率 = ratings of 4 or 5 (isGood) ÷ all ratings; null without ratings;
 * - 差评率 = ratings of 1 or 2 (isPoor) ÷ all ratings; null without ratings;
 * - 整改率 = closed rectification tasks ÷ tasks opened by these ratings; null without tasks.
 */
export function ratingMeasures({ byScore, tasks, closedTasks }: RatingCounts): RatingMeasureFigures {
  const total = SCORES.reduce((n, s) => n + byScore[s], 0);
  const good = SCORES.filter(isGood).reduce((n, s) => n + byScore[s], 0);
  const poor = SCORES.filter(isPoor).reduce((n, s) => n + byScore[s], 0);
  return {
    levels: [...SCORES].reverse().map((score) => ({ score, level: SCORE_LABELS[score], count: byScore[score] })),
    total,
    good,
    poor,
    goodRate: share(good, total),
    poorRate: share(poor, total),
    tasks,
    closedTasks,
    rectificationRate: share(closedTasks, tasks),
  };
}
