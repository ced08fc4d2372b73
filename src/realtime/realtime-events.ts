import type { WarningLevel } from '../calendar/domain/warning-level';
import type { StepState } from '../cases/domain/case-vocabulary';
import type { RatingChannel } from '../evaluation/domain/rating-rules';
import type { RectificationMove, RectificationStatus } from '../evaluation/domain/rectification-state-machine';
import type { WindowStatus } from '../halls/domain/window-vocabulary';
import type { TicketStatus } from '../queue/domain/ticket-state-machine';
import type { TicketSource } from '../queue/domain/ticket-sources';
import type { DeliveryOption } from '../catalog/domain/catalog-types';

/**
 * Every event pushed to screens, by name, with its payload. Modules add their events here so that
 * RealtimeService.publish() only accepts a known name with the payload that belongs to it.
 *
 * Hall events carry the hall's version: a counter incremented in the same transaction as the
 * change, so it is shared by all server instances. A screen keeps the version of what it shows
 * and ignores events that are not newer (state events: not older); after a reconnect it fetches
 * the snapshot (GET /api/halls/{hallId}/display-snapshot) and continues from its version.
 */

export type HallRoom = `hall:${string}:display` | `hall:${string}:staff` | `hall:${string}:managers`;
export type WindowRoom = `window:${string}`;
export type TicketRoom = `ticket:${string}`;
export type CaseRoom =
  `cases:${string}` | `cases:${string}:dept:${string}` | `cases:${string}:pickup` | `cases:${string}:pre-exam` | `case:${string}`;
export type Room = HallRoom | WindowRoom | TicketRoom | CaseRoom;

export const rooms = {
  /** Hall screens: calls, last calls, waiting per category. */
  hallDisplay: (hallId: string): HallRoom => `hall:${hallId}:display`,
  /** Clerk consoles and manager screens of a hall: the queues. */
  hallStaff: (hallId: string): HallRoom => `hall:${hallId}:staff`,
  /** Manager screens of a hall: 差评 rectification tasks (clerks are not in it: they may be the ones rated). */
  hallManagers: (hallId: string): HallRoom => `hall:${hallId}:managers`,
  /** The screen above one window. */
  window: (windowId: string): WindowRoom => `window:${windowId}`,
  /** One citizen's ticket page. */
  ticket: (ticketId: string): TicketRoom => `ticket:${ticketId}`,
  /** The manager's case monitor: every department's work list and warnings. */
  hallCases: (hallId: string): CaseRoom => `cases:${hallId}`,
  /** One department's back-office work list. */
  departmentCases: (hallId: string, departmentId: string): CaseRoom => `cases:${hallId}:dept:${departmentId}`,
  /** The unified pickup windows (统一出件): results waiting to be handed over. */
  pickup: (hallId: string): CaseRoom => `cases:${hallId}:pickup`,
  /** The hall's 网上预审 list: online cases waiting for a clerk. */
  preExam: (hallId: string): CaseRoom => `cases:${hallId}:pre-exam`,
  /** One citizen's case page. */
  case: (caseId: string): CaseRoom => `case:${caseId}`,
};

export interface Versioned {
  hallId: string;
  version: number;
  /** ISO time of the change. */
  at: string;
}

export interface CallAnnouncement extends Versioned {
  /** The ticket event row: a display speaks each call once, also across a resync. */
  eventId: number;
  ticketId: string;
  number: string;
  windowId: string;
  windowNumber: number;
  windowName: string;
  /** What the display speaks, e.g. 请A001号到3号窗口办理. */
  voiceText: string;
  recallCount: number;
  outOfOrder: boolean;
}

export interface WindowCurrentTicket {
  ticketId: string;
  number: string;
  status: 'called' | 'serving';
  calledAt: string | null;
}

export interface DisplayWindow {
  id: string;
  number: number;
  name: string;
  status: WindowStatus;
  current: WindowCurrentTicket | null;
}

export interface CategoryWaiting {
  categoryId: string;
  prefix: string;
  name: string;
  waiting: number;
  /** Of the ticket waiting longest, in ms; null when none waits. */
  longestWaitMs: number | null;
}

export interface DisplayState extends Versioned {
  hallName: string;
  windows: DisplayWindow[];
  /** Newest first. */
  lastCalls: CallAnnouncement[];
  waiting: CategoryWaiting[];
}

export interface WindowState extends Versioned {
  window: Omit<DisplayWindow, 'current'>;
  current: WindowCurrentTicket | null;
}

export interface QueuedTicket {
  ticketId: string;
  number: string;
  categoryId: string;
  priority: boolean;
  source: TicketSource;
  targetWindowId: string | null;
  enqueuedAt: string;
  /** Tickets expected to be called before this one. */
  ahead: number;
  /** null: no open window serves it, so no honest estimate exists. */
  estimatedWaitMs: number | null;
}

export interface QueueState extends Versioned {
  categories: (CategoryWaiting & { tickets: QueuedTicket[] })[];
  windows: DisplayWindow[];
}

export interface TicketMoved extends Versioned {
  ticketId: string;
  number: string;
  move: string;
  from: string | null;
  to: string;
  windowId: string | null;
}

export interface TicketLiveView extends Versioned {
  number: string;
  status: TicketStatus;
  categoryId: string;
  ahead: number | null;
  estimatedWaitMs: number | null;
  window: { number: number; name: string } | null;
  /** Called to a window right now: the page alerts the citizen. */
  yourTurn: boolean;
}

/** A 差评 has just opened a rectification task (好差评): the manager's to-do list gains a row. */
export interface RectificationOpened {
  taskId: string;
  hallId: string;
  ratingId: string;
  score: number;
  reasons: string[];
  comment: string | null;
  /** 一次一评 (a visit) or 一事一评 (a case). */
  channel: RatingChannel;
  /** The ticket number of the rated visit, or the case number. */
  reference: string;
  windowId: string | null;
  clerkId: string | null;
  openedAt: string;
  contactDueAt: string;
  replyDueAt: string;
}

/** A manager recorded a step of a rectification task; other manager screens update the row. */
export interface RectificationUpdated {
  taskId: string;
  hallId: string;
  move: RectificationMove;
  status: RectificationStatus;
  at: string;
}

export interface CaseStepView {
  name: string;
  /** Due of the step (its share of the promised time); null before acceptance. */
  dueAt: string | null;
  state: StepState;
}

/**
 * What the citizen's case page shows (and what reaches it live): no name or number in full.
 * `version` grows with every move of the case, so a page ignores anything not newer.
 */
export interface CaseLiveView {
  caseNumber: string;
  version: number;
  hallName: string;
  itemName: string;
  status: string;
  /** The status as the page words it, e.g. 审查中. */
  statusLabel: string;
  applicant: { name: string; idNumber: string };
  receivedAt: string;
  acceptedAt: string | null;
  promisedDueAt: string | null;
  legalDueAt: string | null;
  suspended: boolean;
  extended: boolean;
  /** A 告知承诺 approval revoked after a check found the commitment false. */
  revoked: boolean;
  steps: CaseStepView[];
  /** 一次性告知: every material still missing. */
  missingMaterials: string[];
  /** An online case waiting for its 补正: its materials in checklist order (the index the applicant uploads to); else null. */
  onlineCorrection: string[] | null;
  obligations: { material: string; dueAt: string; status: string }[];
  deliveryMethod: DeliveryOption;
  /** The result is waiting at the unified pickup windows. */
  readyForPickup: boolean;
  /** While it waits there: the code the citizen quotes at the pickup window (统一出件). */
  pickupCode: string | null;
  shipment: { carrier: string; trackingNumber: string } | null;
  concludedAt: string | null;
  at: string;
}

/** A case's 电子监察 level changed: the department's and the manager's screens flag it. */
export interface CaseWarning {
  hallId: string;
  caseId: string;
  caseNumber: string;
  departmentId: string;
  itemName: string;
  level: WarningLevel;
  previousLevel: WarningLevel | null;
  promisedDueAt: string | null;
  legalDueAt: string | null;
  at: string;
}

/** A case entered, changed in or left a department's work list. */
export interface WorklistChanged {
  hallId: string;
  departmentId: string;
  caseId: string;
  caseNumber: string;
  version: number;
  status: string;
  assigneeId: string | null;
  /** Also in the list now (accepted, in review or suspended). */
  listed: boolean;
  at: string;
}

/** A result became ready at the pickup windows, or left them (handed over, mailed, delivered). */
export interface PickupChanged {
  hallId: string;
  caseId: string;
  caseNumber: string;
  itemName: string;
  /** Masked. */
  applicantName: string;
  status: string;
  at: string;
}

/** An online case joined or left the 网上预审 list. */
export interface PreExamChanged extends PickupChanged {
  /** In the list now (received). */
  listed: boolean;
}

/** Open cases of the hall by 电子监察 level, as the sweep last raised them. */
export interface MonitorCaseLevels {
  green: number;
  yellow: number;
  red: number;
  red_card: number;
  /** Open cases past their promised due right now (the exact count; the levels may lag the sweep by its interval). */
  overdue: number;
  suspended: number;
}

/** The hall's local day so far. Rates are null while their denominator is 0. */
export interface MonitorToday {
  concluded: number;
  onTime: number;
  /** 按时办结率 = on time ÷ concluded. */
  onTimeRate: number | null;
  called: number;
  /** 等候达标率 = called within the hall's target wait ÷ called. */
  targetWaitRate: number | null;
  noShow: number;
}

/**
 * The managers' hall monitor (大厅监控), pushed whole to the hall's managers room after a change
 * to its queue or its cases is committed, at most once per 500 ms per hall; a screen keeps the
 * one with the newest `at`. GET /api/halls/{hallId}/monitor answers the same.
 */
export interface HallMonitorState {
  hallId: string;
  at: string;
  /** The hall's local date of `today`. */
  localDate: string;
  waiting: CategoryWaiting[];
  /** Over all categories, as at `at`; a screen adds the time since. */
  longestWaitMs: number | null;
  windows: DisplayWindow[];
  openWindows: number;
  cases: MonitorCaseLevels;
  today: MonitorToday;
}

export interface SyncRequired {
  /** Events may have been missed (e.g. the cross-instance connection was re-opened): fetch the snapshot again. */
  reason: string;
}

/**
 * A notice to the applicant on their own case or ticket page. Delivery is at least once, so the
 * page shows each `id` (the outbox row's) once and ignores a repeat.
 */
export interface NoticeShown {
  id: string;
  /** A notice kind (src/notifications/domain/notice-kinds.ts), e.g. `result_ready`. */
  kind: string;
  /** The Chinese text, as an SMS would carry it. */
  text: string;
  /** Its parameters, for a page that words it in another language. */
  params: Record<string, string>;
  /** ISO time of the change it tells of. */
  at: string;
}

export interface RealtimeEventPayloads {
  'ticket.called': CallAnnouncement;
  'ticket.recalled': CallAnnouncement;
  'ticket.moved': TicketMoved;
  'ticket.updated': TicketLiveView;
  'display.state': DisplayState;
  'window.state': WindowState;
  'queue.state': QueueState;
  'sync.required': SyncRequired;
  'case.updated': CaseLiveView;
  'case.warning': CaseWarning;
  'worklist.changed': WorklistChanged;
  'pickup.changed': PickupChanged;
  'pre_exam.changed': PreExamChanged;
  'rectification.opened': RectificationOpened;
  'rectification.updated': RectificationUpdated;
  'monitor.state': HallMonitorState;
  notice: NoticeShown;
}

export type RealtimeEventName = keyof RealtimeEventPayloads;

export type RealtimeEvent = {
  [N in RealtimeEventName]: { name: N; rooms: Room[]; payload: RealtimeEventPayloads[N] };
}[RealtimeEventName];

/** What a client asks to follow; each kind is answered by the module that owns the data. */
export interface SubscribeRequest {
  kind: string;
  hallId?: string;
  windowId?: string;
  accessCode?: string;
  departmentId?: string;
  caseNumber?: string;
  queryCode?: string;
}

export type ServerToClientEvents = {
  [N in RealtimeEventName]: (payload: RealtimeEventPayloads[N]) => void;
};

export interface SubscribeAck {
  ok: boolean;
  room?: Room;
  code?: string;
  message?: string;
  /** As in an HTTP error body, e.g. `{retryAfterSeconds}` with TOO_MANY_REQUESTS. */
  details?: unknown;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: { room: Room }, ack?: (result: SubscribeAck) => void) => void;
}

/**
 * Small notes between server instances (not to clients): e.g. "this hall's queue changed", on which
 * every instance rebuilds what its own connected screens show.
 */
export interface RealtimeSignals {
  /** `issued`: every change was a new ticket, which a recent board can account for by its number. */
  'queue.changed': { hallId: string; issued?: true };
  /** Cases of the hall changed (any committed move, a warning level raised by the sweep). */
  'cases.changed': { hallId: string };
}

export type RealtimeSignal = {
  [K in keyof RealtimeSignals]: { name: K; payload: RealtimeSignals[K] };
}[keyof RealtimeSignals];

/** What one instance sends the others, gathered over one turn of its event loop: one NOTIFY, not one per event. */
export interface RealtimeBatch {
  events: RealtimeEvent[];
  signals: RealtimeSignal[];
}

export interface InterServerEvents {
  'realtime:batch': (batch: RealtimeBatch) => void;
}
