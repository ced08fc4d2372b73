// Shapes of the queue's, the acceptance's and the visit rating's JSON as the kiosk, the console and
// the citizen's ticket page use them (see /api/docs-json). Live payloads come from realtime/realtime.ts.

import type { QueuedTicket, TicketLiveView } from '../realtime/realtime';
import type { DeliveryOption, WindowStatus } from './types';
import type { RatingReceipt } from './evaluation';
import type { components } from './generated/openapi';
import { api, Credentials, RequestOptions } from './http';

type Schemas = components['schemas'];

const anonymous = { credentials: { as: 'anonymous' }, silent: true } as const;

export type TicketStatus = TicketLiveView['status'];
export type TicketSource = QueuedTicket['source'];

export interface Ticket {
  id: string;
  hallId: string;
  number: string;
  categoryId: string;
  issueCategoryId: string;
  localDate: string;
  source: TicketSource;
  priority: boolean;
  priorityReason: string | null;
  itemId: string | null;
  status: TicketStatus;
  recallCount: number;
  requeueCount: number;
  windowId: string | null;
  targetWindowId: string | null;
  servedBy: string | null;
  issuedAt: string;
  enqueuedAt: string;
  firstCalledAt: string | null;
  calledAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The answer to taking a ticket: the only time the access code (the citizen's page) is sent. */
export interface IssuedTicket extends Ticket {
  accessCode: string;
  categoryName: string;
  ahead: number;
  estimatedWaitMs: number | null;
}

/** GET /api/ticket-live/{accessCode}. */
export interface PublicTicketView extends TicketLiveView {
  categoryName: string;
  issuedAt: string;
}

/** GET /api/windows/{windowId}/queue and the answer to opening, pausing and closing. */
export interface WindowQueue {
  window: { id: string; number: number; name: string; status: WindowStatus };
  /** The clerk at the window now, if anyone. */
  clerkId: string | null;
  priorityStreak: number;
  current: Ticket | null;
  held: Ticket[];
  /** In the order the window would call them. */
  waiting: QueuedTicket[];
}

export interface CallResult {
  ticket: Ticket | null;
  reason: 'overdue' | 'priority' | 'normal' | 'empty' | 'chosen';
}

export const ACCEPTANCE_OPTIONS = ['accept', 'accept_on_commitment', 'request_correction', 'refuse'] as const;
export type AcceptanceOption = (typeof ACCEPTANCE_OPTIONS)[number];

/** POST /api/items/{itemId}/material-assessment: what the server allows for a checklist. */
export interface MaterialAssessment {
  options: AcceptanceOption[];
  /** Why each option not offered is not. */
  refused: Partial<Record<AcceptanceOption, { code: string; materials?: string[] }>>;
  /** 容缺 materials the case owes if accepted. */
  obligations: string[];
  correctionNotice: string[];
  dishonest: boolean;
}

export type ApplicantKind = 'person' | 'organisation';

export interface Applicant {
  kind: ApplicantKind;
  name: string;
  idNumber: string;
  contactName?: string;
  contactPhone?: string;
}

export interface ApplicationItem {
  itemId: string;
  materials: { name: string; provided: boolean; fileIds?: string[] }[];
  decision: AcceptanceOption;
  reason?: string;
  delivery?: DeliveryOption;
}

export interface Application {
  ticketId?: string;
  applicant: Applicant;
  bundleName?: string;
  items: ApplicationItem[];
}

export type CaseStatus =
  | 'received'
  | 'not_accepted'
  | 'correction_requested'
  | 'accepted'
  | 'in_review'
  | 'suspended'
  | 'reported'
  | 'approved'
  | 'denied'
  | 'concluded'
  | 'ready_for_pickup'
  | 'picked_up'
  | 'mailed'
  | 'delivered'
  | 'withdrawn'
  | 'aborted'
  | 'returned';

/** The parts of a case the console shows after acceptance. */
export interface AcceptedCase {
  id: string;
  caseNumber: string;
  itemName: string;
  caseType: string;
  status: CaseStatus;
  acceptedAt: string | null;
  promisedDueAt: string | null;
  missingMaterials: string[];
  pickupCode: string | null;
  obligations: { material: string; dueAt: string }[];
  /** Only for the accepting clerk. */
  queryCode?: string;
}

export interface ApplicationResult {
  bundle: { id: string; name: string } | null;
  cases: AcceptedCase[];
}

export type CaseDocument = 'acceptance-notice' | 'correction-notice' | 'refusal-notice' | 'pickup-slip';

/** GET /api/tickets/{accessCode}/rating. */
export interface VisitRating {
  ticketNumber: string;
  ticketStatus: TicketStatus;
  ratable: boolean;
  rating: RatingReceipt | null;
}

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
