/**
 * Ticket lifecycle from DOMAIN.md "Queue (排队叫号)". Pure: the caller persists the returned state
 * and appends the event row; this module only decides whether a move is legal and what it does
 * to the counters, so the rules live in one table that the service, the API and the tests share.
 */

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_MOVES = ['call', 'recall', 'start', 'finish', 'no_show', 'requeue', 'hold', 'resume', 'transfer', 'cancel'] as const;
export type TicketMove = (typeof TICKET_MOVES)[number];

export interface TicketState {
  readonly status: TicketStatus;
  /**
   * Recalls of the current call only (reset by `call`): it drives the display's repeat and the
   * clerk's no-show decision; the full history is in the event rows.
   */
  readonly recallCount: number;
  /** Times the ticket came back from no_show; bounded by the hall's maxRequeues. */
  readonly requeueCount: number;
}

/** Per-hall configuration; omitted values take the DOMAIN.md defaults. */
export interface TicketMoveContext {
  readonly maxRequeues?: number;
}

export const DEFAULT_MAX_REQUEUES = 2;

export interface TicketMoveFailure {
  readonly ok: false;
  readonly code: 'ILLEGAL_TICKET_MOVE';
  readonly status: TicketStatus;
  readonly move: TicketMove;
  /** What the client may offer instead, in TICKET_MOVES order. */
  readonly allowed: readonly TicketMove[];
}

export type TicketMoveResult = { readonly ok: true; readonly state: TicketState } | TicketMoveFailure;

type Counters = Pick<TicketState, 'recallCount' | 'requeueCount'>;

interface Transition {
  readonly from: readonly TicketStatus[];
  readonly to: TicketStatus;
  readonly guard?: (state: TicketState, maxRequeues: number) => boolean;
  readonly counters?: (state: TicketState) => Partial<Counters>;
}

const TRANSITIONS: { readonly [M in TicketMove]: Transition } = {
  call: { from: ['waiting'], to: 'called', counters: () => ({ recallCount: 0 }) },
  recall: {
    from: ['called'],
    to: 'called',
    counters: (s) => ({ recallCount: s.recallCount + 1 }),
  },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  requeue: {
    from: ['no_show'],
    to: 'waiting',
    guard: (s, maxRequeues) => s.requeueCount < maxRequeues,
    counters: (s) => ({ requeueCount: s.requeueCount + 1 }),
  },
  hold: { from: ['serving'], to: 'held' },
  resume: { from: ['held'], to: 'serving' },
  // The ticket keeps its number; the new category or window is the caller's data, not a status.
  transfer: { from: ['serving', 'called'], to: 'waiting' },
  cancel: { from: ['waiting', 'called'], to: 'cancelled' },
};

function maxRequeuesOf(ctx: TicketMoveContext): number {
  const max = ctx.maxRequeues ?? DEFAULT_MAX_REQUEUES;
  if (!Number.isInteger(max) || max < 0) {
    throw new RangeError(`maxRequeues must be a non-negative integer, got ${max}`);
  }
  return max;
}

function isAllowed(t: Transition, state: TicketState, maxRequeues: number): boolean {
  return t.from.includes(state.status) && (t.guard?.(state, maxRequeues) ?? true);
}

export function allowedTicketMoves(state: TicketState, ctx: TicketMoveContext = {}): TicketMove[] {
  const maxRequeues = maxRequeuesOf(ctx);
  return TICKET_MOVES.filter((m) => isAllowed(TRANSITIONS[m], state, maxRequeues));
}

export function applyTicketMove(state: TicketState, move: TicketMove, ctx: TicketMoveContext = {}): TicketMoveResult {
  const maxRequeues = maxRequeuesOf(ctx);
  const t = TRANSITIONS[move];
  if (!isAllowed(t, state, maxRequeues)) {
    return {
      ok: false,
      code: 'ILLEGAL_TICKET_MOVE',
      status: state.status,
      move,
      allowed: allowedTicketMoves(state, ctx),
    };
  }
  return {
    ok: true,
    state: {
      status: t.to,
      recallCount: state.recallCount,
      requeueCount: state.requeueCount,
      ...t.counters?.(state),
    },
  };
}
