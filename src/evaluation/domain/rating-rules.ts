import type { CaseStatus } from '../../cases/domain/case-state-machine';
import { maskIdNumber, maskPhone } from '../../common/identity/masking';

/**
 * The rating scale of the national 好差评 system (five levels) and what a citizen may add to a
 * rating. Pure, so the API, the service and the tests share one definition.
 */

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

export const SCORE_LABELS: Readonly<Record<Score, string>> = {
  5: '非常满意',
  4: '满意',
  3: '基本满意',
  2: '不满意',
  1: '非常不满意',
};

/** What a citizen can tick when unsatisfied; the migration's check constraint holds the same list. */
export const POOR_REASONS = ['态度不好', '等候时间长', '一次性告知不到位', '办理时间长', '其他'] as const;
export type PoorReason = (typeof POOR_REASONS)[number];

export const COMMENT_MAX_LENGTH = 500;

/** 一次一评: a visit at a window (its ticket); 一事一评: a case, rated online. */
export const RATING_CHANNELS = ['visit', 'case'] as const;
export type RatingChannel = (typeof RATING_CHANNELS)[number];

/**
 * A case can be rated once the hall has given its answer: concluded (办结, then the result's way
 * to the citizen) or not accepted (不予受理). A case withdrawn, aborted or lapsed had no answer
 * to rate.
 */
export const RATABLE_CASE_STATUSES: readonly CaseStatus[] = [
  'not_accepted',
  'concluded',
  'ready_for_pickup',
  'picked_up',
  'mailed',
  'delivered',
];

/** 差评: a 1 or 2 opens a rectification task. */
export function isPoor(score: number): boolean {
  return score <= 2;
}

/** 好评: 4 or 5, the numerator of the good rate. */
export function isGood(score: number): boolean {
  return score >= 4;
}

const DIGIT = '[0-9０-９]';
// What people put between the digits of a number they type: spaces (also the full-width one),
// dashes, dots, middle dots, slashes, underscores; up to two between any two digits, in any grouping.
const SEP = '[\\s\\-‐－—–.．。·•・/_]{0,2}';
// Mainland mobile numbers (with or without +86) and 18-character resident ID numbers, with or
// without separators. The lookarounds keep longer digit runs (order or case numbers) from being cut
// into a false match.
const MOBILE = new RegExp(`(?<!${DIGIT})((?:[+＋]?(?:86|８６)${SEP})?)([1１]${SEP}[3-9３-９](?:${SEP}${DIGIT}){9})(?!${DIGIT})`, 'gu');
const RESIDENT_ID = new RegExp(`(?<![0-9０-９A-Za-z])${DIGIT}(?:${SEP}${DIGIT}){16}${SEP}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])`, 'gu');

/**
 * Ratings carry nothing personal, but a citizen may type their phone or ID number into the free
 * text (to be called back, say). Those are masked before the text is stored, the same way the
 * rest of the system shows them: 138****5678, 110***********002X.
 */
export function scrubPersonalNumbers(text: string): string {
  return text
    .replace(RESIDENT_ID, (id) => maskIdNumber(id))
    .replace(MOBILE, (_match, prefix: string, local: string) => prefix + maskPhone(local));
}
