// Shapes of the evaluation module's JSON (好差评: ratings and the rectification of 差评), as the
// citizen's case page and the manager dashboard use them (see /api/docs-json).

import { api } from './http';
import type { components } from './generated/openapi';

/** 5 非常满意 … 1 非常不满意; 1 and 2 are 差评. */
export const RATING_SCORES = [5, 4, 3, 2, 1] as const;
export const POOR_REASONS = ['态度不好', '等候时间长', '一次性告知不到位', '办理时间长', '其他'] as const;
export type RatingScore = (typeof RATING_SCORES)[number];
export type PoorReason = (typeof POOR_REASONS)[number];

type Schemas = components['schemas'];

/** What the citizen fills in to rate a visit or a case (一次一评). */
export type RatingForm = Schemas['RateVisitDto'];
export type RatingReceipt = Schemas['RatingReceiptDto'];
export type CaseRatingStatus = Schemas['CaseRatingDto'];

/** The 好差评 measures as the server defines them (src/evaluation/domain/rating-measures.ts). */
export type RatingMeasures = Schemas['RatingMeasuresDto'];

export { RECTIFICATION_STATUSES } from '../../../src/evaluation/domain/rectification-state-machine';
export type { RectificationMove, RectificationStatus } from '../../../src/evaluation/domain/rectification-state-machine';
import type { RectificationMove, RectificationStatus } from '../../../src/evaluation/domain/rectification-state-machine';
export const CONTACT_METHODS = ['phone', 'sms', 'on_site', 'other'] as const;

export type Rectification = Schemas['RectificationDto'];
export type RectificationList = Schemas['RectificationListDto'];

export const rectificationsApi = {
  list: (hallId: string, query: { status?: RectificationStatus; overdue?: boolean; limit: number }, signal?: AbortSignal) =>
    api.get<RectificationList>(`/halls/${hallId}/rectifications`, { query, signal }),
  move: (id: string, move: RectificationMove, body: object) => api.post(`/rectifications/${id}/${move}`, body, { silent: true }),
};
