// The citizen's online channel without login (网上申办, 补正, 预约 for the originals), as the phone
// pages use it (tags "online" and "appointments" of /api/docs-json). Errors are shown on the page.
import type { components, paths } from './generated/openapi';
import type { CaseLiveView } from './cases';
import type { CaseRatingStatus, RatingReceipt } from './evaluation';
import { api } from './http';

type Schemas = components['schemas'];

export type OnlineItem = Schemas['OnlineItemDto'];
export type OnlineStagedFile = Schemas['OnlineStagedFileDto'];
export type OnlineApplicationResult = Schemas['OnlineApplicationResultDto'];
export type OnlineVisitAdvice = Schemas['OnlineVisitAdviceDto'];
export type Slot = Schemas['SlotDto'];

const anonymous = { credentials: { as: 'anonymous' }, silent: true } as const;

/** A case as its applicant reaches it: its number and the query code given with it (the query of every citizen's case route). */
export type CaseKey = paths['/api/case-live']['get']['parameters']['query'];

export const onlineApi = {
  items: (hallId: string, q: string) => api.get<OnlineItem[]>(`/halls/${hallId}/online-items`, { ...anonymous, query: { q } }),
  /** A material's file for a draft; the first answer's `draftToken` ties the later ones to the same draft. */
  stage: (hallId: string, file: File, draft?: string) =>
    api.upload<OnlineStagedFile>(`/halls/${hallId}/online-uploads`, file, file.name, { ...anonymous, query: { draft } }),
  apply: (hallId: string, body: Schemas['OnlineApplicationDto']) =>
    api.post<OnlineApplicationResult>(`/halls/${hallId}/online-applications`, body, anonymous),
  /** 补正: a file for one material of a case sent back, then the case sent again. */
  correct: (key: CaseKey, index: number, file: File) =>
    api.upload(`/case-materials/${index}/files`, file, file.name, { ...anonymous, query: { ...key } }),
  resubmit: (key: CaseKey) => api.post('/case-resubmission', undefined, { ...anonymous, query: { ...key } }),
  /** The citizen's case page (every time local to the hall with its offset). */
  caseLive: (key: CaseKey, signal?: AbortSignal) => api.get<CaseLiveView>('/case-live', { ...anonymous, query: { ...key }, signal }),
  /** Whether (and how) the online case still needs a trip to the hall with the originals. */
  visitAdvice: (key: CaseKey, signal?: AbortSignal) =>
    api.get<OnlineVisitAdvice>('/case-visit', { ...anonymous, query: { ...key }, signal }),
  caseRating: (caseNumber: string, queryCode: string, signal?: AbortSignal) =>
    api.get<CaseRatingStatus>('/case-rating', { ...anonymous, query: { caseNumber, queryCode }, signal }),
  rateCase: (body: Schemas['RateCaseDto']) => api.post<RatingReceipt>('/cases/rating', body, anonymous),
  slots: (hallId: string, itemId: string, date: string) =>
    api.get<Slot[]>(`/halls/${hallId}/appointment-slots`, { ...anonymous, query: { itemId, date } }),
  book: (hallId: string, body: Schemas['BookAppointmentDto']) =>
    api.post<Schemas['AppointmentDto']>(`/halls/${hallId}/appointments`, body, anonymous),
};
