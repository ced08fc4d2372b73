import {
  DEFAULT_MAX_REQUEUES,
  TICKET_MOVES,
  TICKET_STATUSES,
  TicketMove,
  TicketState,
  TicketStatus,
  allowedTicketMoves,
  applyTicketMove,
} from './ticket-state-machine';

/**
 * Written out by hand from the DOMAIN.md diagram rather than derived from the implementation's
 * table, so a slip in either shows up here. A move not listed is illegal. requeue is legal here
 * because the base state has requeueCount 0 < the default limit.
 */
const EXPECTED: Record<TicketStatus, Partial<Record<TicketMove, TicketStatus>>> = {
  waiting: { call: 'called', cancel: 'cancelled' },
  called: { recall: 'called', start: 'serving', no_show: 'no_show', transfer: 'waiting', cancel: 'cancelled' },
  serving: { finish: 'done', hold: 'held', transfer: 'waiting' },
  held: { resume: 'serving' },
  done: {},
  no_show: { requeue: 'waiting' },
  cancelled: {},
};

const state = (status: TicketStatus, recallCount = 1, requeueCount = 0): TicketState => ({
  status,
  recallCount,
  requeueCount,
});

const run = (s: TicketState, moves: TicketMove[]): TicketState =>
  moves.reduce((acc, move) => {
    const r = applyTicketMove(acc, move);
    if (!r.ok) throw new Error(`${move} refused from ${acc.status}`);
    return r.state;
  }, s);

const allowedFrom = (status: TicketStatus): TicketMove[] => TICKET_MOVES.filter((m) => EXPECTED[status][m] !== undefined);

describe('ticket state machine', () => {
  const cases = TICKET_STATUSES.flatMap((status) => TICKET_MOVES.map((move) => [status, move, EXPECTED[status][move] ?? null] as const));

  it('covers every status × move', () => {
    expect(cases).toHaveLength(TICKET_STATUSES.length * TICKET_MOVES.length);
  });

  it.each(cases)('%s -%s-> %s', (status, move, to) => {
    const result = applyTicketMove(state(status), move);
    if (to === null) {
      expect(result).toEqual({
        ok: false,
        code: 'ILLEGAL_TICKET_MOVE',
        status,
        move,
        allowed: allowedFrom(status),
      });
    } else {
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.state.status).toBe(to);
    }
  });

  it.each(TICKET_STATUSES)('allowedTicketMoves(%s) matches the diagram', (status) => {
    expect(allowedTicketMoves(state(status))).toEqual(allowedFrom(status));
  });

  describe('counters', () => {
    it('recall counts up and stays called', () => {
      const r1 = applyTicketMove(state('called', 0), 'recall');
      expect(r1).toEqual({ ok: true, state: state('called', 1) });
      const r2 = r1.ok && applyTicketMove(r1.state, 'recall');
      expect(r2).toEqual({ ok: true, state: state('called', 2) });
    });

    it('call starts a fresh recall count (e.g. after a requeue)', () => {
      expect(applyTicketMove(state('waiting', 3, 1), 'call')).toEqual({
        ok: true,
        state: state('called', 0, 1),
      });
    });

    it('requeue counts up', () => {
      expect(applyTicketMove(state('no_show', 2, 0), 'requeue')).toEqual({
        ok: true,
        state: state('waiting', 2, 1),
      });
    });

    it('other moves keep the counters', () => {
      for (const status of TICKET_STATUSES) {
        for (const move of TICKET_MOVES) {
          if (move === 'call' || move === 'recall' || move === 'requeue') continue;
          const r = applyTicketMove(state(status, 4, 1), move);
          if (r.ok) expect(r.state).toMatchObject({ recallCount: 4, requeueCount: 1 });
        }
      }
    });

    it('does not mutate its input', () => {
      const s = Object.freeze(state('called', 0));
      applyTicketMove(s, 'recall');
      expect(s).toEqual(state('called', 0));
    });
  });

  describe('requeue limit', () => {
    it(`defaults to ${DEFAULT_MAX_REQUEUES}`, () => {
      expect(DEFAULT_MAX_REQUEUES).toBe(2);
      expect(applyTicketMove(state('no_show', 0, 1), 'requeue').ok).toBe(true);
      expect(applyTicketMove(state('no_show', 0, 2), 'requeue')).toEqual({
        ok: false,
        code: 'ILLEGAL_TICKET_MOVE',
        status: 'no_show',
        move: 'requeue',
        allowed: [],
      });
    });

    it('is configurable per hall', () => {
      expect(allowedTicketMoves(state('no_show', 0, 0), { maxRequeues: 0 })).toEqual([]);
      expect(applyTicketMove(state('no_show', 0, 4), 'requeue', { maxRequeues: 5 }).ok).toBe(true);
      expect(applyTicketMove(state('no_show', 0, 5), 'requeue', { maxRequeues: 5 }).ok).toBe(false);
    });

    it('lists requeue as allowed only below the limit', () => {
      expect(allowedTicketMoves(state('no_show', 0, 2), { maxRequeues: 3 })).toEqual(['requeue']);
      expect(allowedTicketMoves(state('no_show', 0, 3), { maxRequeues: 3 })).toEqual([]);
    });

    it('a ticket can miss its call only maxRequeues + 1 times', () => {
      let s = state('waiting', 0, 0);
      for (let round = 0; round < DEFAULT_MAX_REQUEUES; round++) {
        s = run(s, ['call', 'no_show', 'requeue']);
      }
      s = run(s, ['call', 'no_show']);
      expect(s).toEqual(state('no_show', 0, DEFAULT_MAX_REQUEUES));
      expect(applyTicketMove(s, 'requeue').ok).toBe(false);
    });

    it.each([-1, 1.5, Number.NaN])('rejects maxRequeues %p', (maxRequeues) => {
      expect(() => applyTicketMove(state('no_show'), 'requeue', { maxRequeues })).toThrow(RangeError);
    });
  });
});
