// Shapes of the evaluation module's JSON (好差评: ratings and the rectification of 差评), as the
// citizen's case page and the manager dashboard use them (see /api/docs-json).

import { api } from './http';
import type { components } from './generated/openapi';

/** 5 非常满意 … 1 非常不满意; 1 and 2 are 差评. */
export const RATING_SCORES = [5, 4, 3, 2, 1] as const;
export const POOR_REASONS = ['态度不好', '等候时间长', '一次性告知不到位', '办理时间长', '其他'] as const;
export type RatingScore = (typeof RATING_SCORES)[number];
export type PoorReason = (typeof POOR_REASONS)[number];

/** What the citizen fills in to rate a visit or a case (一次一评). */
export interface RatingForm {
  score: RatingScore;
  reasons?: PoorReason[];
  comment?: string;
}

export interface RatingReceipt {
  id: string;
  score: number;
  /** The level in words, e.g. 非常满意. */
  level: string;
  comment: string | null;
  reasons: string[];
  ratedAt: string;
}

export interface CaseRatingStatus {
  caseNumber: string;
  caseStatus: string;
  /** Concluded (or not accepted) and not rated yet. */
  ratable: boolean;
  rating: RatingReceipt | null;
}

/** The 好差评 measures as the server defines them (src/evaluation/domain/rating-measures.ts). */
export type RatingMeasures = components['schemas']['RatingMeasuresDto'];

export { RECTIFICATION_STATUSES } from '../../../src/evaluation/domain/rectification-state-machine';
export type { RectificationStatus } from '../../../src/evaluation/domain/rectification-state-machine';
import type { RectificationStatus } from '../../../src/evaluation/domain/rectification-state-machine';
export const CONTACT_METHODS = ['phone', 'sms', 'on_site', 'other'] as const;

export interface Rectification {
  id: string;
  hallId: string;
  status: RectificationStatus;
  rating: {
    id: string;
    channel: 'visit' | 'case';
    /** The ticket number of the visit, or the case number. */
    reference: string;
    score: number;
    level: string;
    comment: string | null;
    reasons: string[];
    ratedAt: string;
  };
  openedAt: string;
  contactDueAt: string;
  replyDueAt: string;
  overdue: boolean;
  overdueSteps: ('contact' | 'reply')[];
  lateSteps: ('contact' | 'reply')[];
  allowedMoves: ('contact' | 'reply' | 'close')[];
  contactedAt: string | null;
  contactMethod: (typeof CONTACT_METHODS)[number] | null;
  contactNote: string | null;
  repliedAt: string | null;
  replyOutcome: string | null;
  citizenSatisfied: boolean | null;
  closedAt: string | null;
  closeNote: string | null;
}

export interface RectificationList {
  items: Rectification[];
  total: number;
}

export type RectificationMove = 'contact' | 'reply' | 'close';

export const rectificationsApi = {
  list: (hallId: string, query: { status?: RectificationStatus; overdue?: boolean; limit: number }, signal?: AbortSignal) =>
    api.get<RectificationList>(`/halls/${hallId}/rectifications`, { query, signal }),
  move: (id: string, move: RectificationMove, body: object) => api.post(`/rectifications/${id}/${move}`, body, { silent: true }),
};
