// Shapes of the queue's, the acceptance's and the visit rating's JSON as the kiosk, the console and
// the citizen's ticket page use them (see /api/docs-json). Live payloads come from realtime/realtime.ts.

import type { QueuedTicket, TicketLiveView } from '../realtime/realtime';
import type { RatingReceipt } from './evaluation';
import type { components } from './generated/openapi';
import { api, Credentials, RequestOptions } from './http';

type Schemas = components['schemas'];

const anonymous = { credentials: { as: 'anonymous' }, silent: true } as const;

export type TicketStatus = TicketLiveView['status'];
export type TicketSource = QueuedTicket['source'];

export type Ticket = Schemas['TicketDto'];
/** The answer to taking a ticket: the only time the access code (the citizen's page) is sent. */
export type IssuedTicket = Schemas['IssuedTicketDto'];
/** GET /api/ticket-live/{accessCode}. */
export type PublicTicketView = Schemas['PublicTicketViewDto'];
/** GET /api/windows/{windowId}/queue and the answer to opening, pausing and closing. */
export type WindowQueue = Schemas['WindowQueueDto'];
export type CallResult = Schemas['CallResultDto'];

export { ACCEPTANCE_OPTIONS } from '../../../src/cases/domain/material-check';
export type { AcceptanceOption } from '../../../src/cases/domain/material-check';

/** POST /api/items/{itemId}/material-assessment: what the server allows for a checklist. */
export type MaterialAssessment = Schemas['MaterialAssessmentDto'];

export type { ApplicantKind } from '../../../src/cases/domain/case-vocabulary';
export type Applicant = Schemas['ApplicantDto'];

// `delivery` has a server default (the window): the generated schema types a defaulted field as always
// present, which holds for answers but not for this request, where a refusal or a correction sends none.
type ApplicationItem = Omit<Schemas['ApplicationItemDto'], 'delivery'> & Partial<Pick<Schemas['ApplicationItemDto'], 'delivery'>>;
export type Application = Omit<Schemas['CreateApplicationDto'], 'items'> & { items: ApplicationItem[] };

export type { CaseStatus } from '../../../src/cases/domain/case-state-machine';

export type ApplicationResult = Schemas['ApplicationResultDto'];
/** A case as the console shows it after acceptance (with the query code, for the accepting clerk). */
export type AcceptedCase = ApplicationResult['cases'][number];

export type { DocumentKind as CaseDocument } from '../../../src/cases/domain/case-vocabulary';

/** GET /api/tickets/{accessCode}/rating. */
export type VisitRating = Schemas['VisitRatingDto'];

// Calls (tag "queue" of /api/docs-json): a window's desk, the kiosk, the citizen's ticket page.

export type MaterialAssessmentRequest = Schemas['MaterialAssessmentRequestDto'];

export type TicketMove = 'call' | 'recall' | 'start' | 'no-show' | 'requeue' | 'hold' | 'resume' | 'finish' | 'transfer';

export const queueApi = {
  window: (windowId: string, signal?: AbortSignal) => api.get<WindowQueue>(`/windows/${windowId}/queue`, { signal }),
  setStatus: (windowId: string, status: 'open' | 'pause' | 'close', opts?: RequestOptions) =>
    api.post<WindowQueue>(`/windows/${windowId}/${status}`, undefined, opts),
  callNext: (windowId: string) => api.post<CallResult>(`/windows/${windowId}/call-next`),
  move: (windowId: string, ticketId: string, move: TicketMove, body: object = {}) =>
    api.post<Ticket>(`/windows/${windowId}/tickets/${ticketId}/${move}`, body),
  /** A ticket drawn at a kiosk (device token) or on a phone. */
  issue: (hallId: string, body: Schemas['IssueTicketDto'], credentials: Credentials) =>
    api.post<IssuedTicket>(`/halls/${hallId}/tickets`, body, { credentials, silent: true }),
  live: (accessCode: string, signal?: AbortSignal) =>
    api.get<PublicTicketView>(`/ticket-live/${encodeURIComponent(accessCode)}`, { ...anonymous, signal }),
  rating: (accessCode: string, signal?: AbortSignal) =>
    api.get<VisitRating>(`/tickets/${encodeURIComponent(accessCode)}/rating`, { ...anonymous, signal }),
  rate: (accessCode: string, body: Schemas['RateVisitDto']) =>
    api.post<RatingReceipt>(`/tickets/${encodeURIComponent(accessCode)}/rating`, body, anonymous),
};
