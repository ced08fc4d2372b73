import fc from 'fast-check';
import {
  DEFAULT_TARGET_WAIT_MS,
  PriorityClass,
  QueueOrderingInput,
  WaitingTicket,
  orderWaiting,
  pickCandidates,
  pickNext,
  priorityStreakAfter,
} from './queue-ordering';

const NOW = 1_760_000_000_000;
const MIN = 60_000;

/** Independent of the implementation's comparator, so a slip there is caught. */
function fifoBefore(a: WaitingTicket, b: WaitingTicket): boolean {
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt < b.enqueuedAt;
  if (a.issuedAt !== b.issuedAt) return a.issuedAt < b.issuedAt;
  return a.id < b.id;
}

function servedTickets(input: QueueOrderingInput): WaitingTicket[] {
  const served = new Set(input.categories.map((c) => c.categoryId));
  return input.tickets.filter((t) => served.has(t.categoryId));
}

function isOverdue(t: WaitingTicket, input: QueueOrderingInput): boolean {
  return input.now - t.enqueuedAt >= (input.targetWaitMs ?? DEFAULT_TARGET_WAIT_MS);
}

function byId(input: QueueOrderingInput, id: string): WaitingTicket {
  const t = input.tickets.find((x) => x.id === id);
  if (!t) throw new Error(`ticket ${id} not in input`);
  return t;
}

const categoriesArb = fc.uniqueArray(
  fc.record({
    categoryId: fc.constantFrom('A', 'B', 'C', 'D'),
    weight: fc.integer({ min: 1, max: 5 }),
  }),
  { selector: (c) => c.categoryId, minLength: 1, maxLength: 4 },
);

// Coarse times (whole minutes, occasionally +1 ms) so equal enqueuedAt/issuedAt ties do occur.
const ticketRowArb = fc.record({
  categoryId: fc.constantFrom('A', 'B', 'C', 'D', 'X'),
  priorityClass: fc.constantFrom<PriorityClass>('priority', 'normal'),
  waitMin: fc.integer({ min: 0, max: 40 }),
  jitterMs: fc.constantFrom(0, 0, 1),
  issuedBeforeMin: fc.integer({ min: 0, max: 3 }),
  idSuffix: fc.integer({ min: 0, max: 999 }),
});

const ticketsArb = fc.array(ticketRowArb, { maxLength: 30 }).map((rows) =>
  rows.map((r, i): WaitingTicket => {
    const enqueuedAt = NOW - r.waitMin * MIN - r.jitterMs;
    // Ids deliberately not in input order, so the id tie-break is exercised.
    return {
      id: `${r.idSuffix}-${i}`,
      categoryId: r.categoryId,
      priorityClass: r.priorityClass,
      enqueuedAt,
      issuedAt: enqueuedAt - r.issuedBeforeMin * MIN,
    };
  }),
);

const inputArb: fc.Arbitrary<QueueOrderingInput> = fc.record(
  {
    categories: categoriesArb,
    tickets: ticketsArb,
    now: fc.constant(NOW),
    targetWaitMs: fc.constantFrom(5 * MIN, 20 * MIN, 30 * MIN),
    priorityStreak: fc.integer({ min: 0, max: 5 }),
    maxPriorityStreak: fc.integer({ min: 0, max: 4 }),
  },
  { requiredKeys: ['categories', 'tickets', 'now', 'priorityStreak'] },
);

const shuffledInputArb = inputArb.chain((input) =>
  fc
    .tuple(
      fc.shuffledSubarray([...input.tickets], {
        minLength: input.tickets.length,
        maxLength: input.tickets.length,
      }),
      fc.shuffledSubarray([...input.categories], {
        minLength: input.categories.length,
        maxLength: input.categories.length,
      }),
    )
    .map(([tickets, categories]) => ({ input, shuffled: { ...input, tickets, categories } })),
);

describe('pickNext properties', () => {
  it('returns a ticket of the input from a served category, or null/empty when none', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = pickNext(input);
        const served = servedTickets(input);
        if (served.length === 0) {
          expect(r).toEqual({
            ticketId: null,
            reason: 'empty',
            nextPriorityStreak: input.priorityStreak,
          });
        } else {
          expect(served.map((t) => t.id)).toContain(r.ticketId);
          expect(r.reason).not.toBe('empty');
        }
      }),
    );
  });

  it('calls an overdue ticket before any other, the longest-waiting first', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const overdue = servedTickets(input).filter((t) => isOverdue(t, input));
        fc.pre(overdue.length > 0);
        const r = pickNext(input);
        expect(r.reason).toBe('overdue');
        const picked = byId(input, r.ticketId!);
        expect(isOverdue(picked, input)).toBe(true);
        for (const t of overdue) expect(t.enqueuedAt).toBeGreaterThanOrEqual(picked.enqueuedAt);
      }),
    );
  });

  it('never overtakes an earlier ticket of the same class and category', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = pickNext(input);
        fc.pre(r.ticketId !== null);
        const picked = byId(input, r.ticketId!);
        for (const t of servedTickets(input)) {
          if (t.categoryId === picked.categoryId && t.priorityClass === picked.priorityClass) {
            expect(fifoBefore(t, picked)).toBe(false);
          }
        }
      }),
    );
  });

  it('picks priority before normal until the streak is used up; reason matches the class', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const served = servedTickets(input);
        fc.pre(served.length > 0 && !served.some((t) => isOverdue(t, input)));
        const r = pickNext(input);
        const picked = byId(input, r.ticketId!);
        const hasPriority = served.some((t) => t.priorityClass === 'priority');
        const hasNormal = served.some((t) => t.priorityClass === 'normal');
        const max = input.maxPriorityStreak ?? 3;
        const expected = hasPriority && (!hasNormal || input.priorityStreak < max) ? 'priority' : 'normal';
        expect(r.reason).toBe(expected);
        expect(picked.priorityClass).toBe(expected);
        expect(r.nextPriorityStreak).toBe(expected === 'priority' ? input.priorityStreak + 1 : 0);
      }),
    );
  });

  it('within the chosen class, picks the head with the highest wait × weight', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = pickNext(input);
        fc.pre(r.reason === 'priority' || r.reason === 'normal');
        const picked = byId(input, r.ticketId!);
        const weightOf = (id: string) => input.categories.find((c) => c.categoryId === id)!.weight;
        const score = (t: WaitingTicket) => (input.now - t.enqueuedAt) * weightOf(t.categoryId);
        const lane = servedTickets(input).filter((t) => t.priorityClass === picked.priorityClass);
        for (const { categoryId } of input.categories) {
          const head = lane
            .filter((t) => t.categoryId === categoryId)
            .reduce<WaitingTicket | undefined>((h, t) => (h && !fifoBefore(t, h) ? h : t), undefined);
          if (head) expect(score(head)).toBeLessThanOrEqual(score(picked));
        }
      }),
    );
  });

  it('is deterministic and independent of input order', () => {
    fc.assert(
      fc.property(shuffledInputArb, ({ input, shuffled }) => {
        expect(pickNext(shuffled)).toEqual(pickNext(input));
        expect(pickNext(input)).toEqual(pickNext(input));
        expect(orderWaiting(shuffled)).toEqual(orderWaiting(input));
      }),
    );
  });
});

describe('orderWaiting properties', () => {
  it('equals repeated pickNext at the same time', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const repeated: string[] = [];
        let tickets = input.tickets;
        let priorityStreak = input.priorityStreak;
        for (;;) {
          const r = pickNext({ ...input, tickets, priorityStreak });
          if (r.ticketId === null) break;
          repeated.push(r.ticketId);
          tickets = tickets.filter((t) => t.id !== r.ticketId);
          priorityStreak = r.nextPriorityStreak;
        }
        expect(orderWaiting(input)).toEqual(repeated);
      }),
    );
  });

  it('orders every served ticket once, overdue first, FIFO within class and category', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const order = orderWaiting(input).map((id) => byId(input, id));
        const served = servedTickets(input);
        expect(order.map((t) => t.id).sort()).toEqual(served.map((t) => t.id).sort());
        const firstFresh = order.findIndex((t) => !isOverdue(t, input));
        if (firstFresh >= 0) {
          expect(order.slice(firstFresh).some((t) => isOverdue(t, input))).toBe(false);
        }
        order.forEach((later, j) => {
          for (const earlier of order.slice(0, j)) {
            const sameLane = earlier.categoryId === later.categoryId && earlier.priorityClass === later.priorityClass;
            if (sameLane) expect(fifoBefore(later, earlier)).toBe(false);
          }
        });
      }),
    );
  });
});

describe('priorityStreakAfter', () => {
  it('counts priority calls in a row and starts again at a normal one', () => {
    fc.assert(
      fc.property(fc.nat(50), (streak) => {
        expect(priorityStreakAfter(streak, true)).toBe(streak + 1);
        expect(priorityStreakAfter(streak, false)).toBe(0);
      }),
    );
  });
});

describe('priority streak over time', () => {
  type Command = { kind: 'arrive'; categoryId: string; priorityClass: PriorityClass } | { kind: 'call' };

  const commandArb: fc.Arbitrary<Command> = fc.oneof(
    fc.record({
      kind: fc.constant('arrive' as const),
      categoryId: fc.constantFrom('A', 'B', 'X'),
      priorityClass: fc.constantFrom<PriorityClass>('priority', 'normal'),
    }),
    fc.record({ kind: fc.constant('call' as const) }),
  );

  it('makes ≤ maxPriorityStreak priority calls in a row while a normal waits, none overdue', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(commandArb, fc.integer({ min: 0, max: 4 * MIN })), { maxLength: 80 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(10 * MIN, 20 * MIN),
        (script, maxPriorityStreak, targetWaitMs) => {
          const categories = [
            { categoryId: 'A', weight: 1 },
            { categoryId: 'B', weight: 3 },
          ];
          let now = NOW;
          let waiting: WaitingTicket[] = [];
          let streak = 0;
          // Consecutive priority-class calls, counted however they came about.
          let priorityRun = 0;
          // The brief's measure: consecutive priority calls made while a normal was waiting and
          // nothing was overdue.
          let contestedRun = 0;
          script.forEach(([command, advanceMs], i) => {
            now += advanceMs;
            if (command.kind === 'arrive') {
              const { categoryId, priorityClass } = command;
              waiting.push({
                id: `t${i}`,
                categoryId,
                priorityClass,
                enqueuedAt: now,
                issuedAt: now,
              });
              return;
            }
            const input = {
              categories,
              tickets: waiting,
              now,
              targetWaitMs,
              priorityStreak: streak,
              maxPriorityStreak,
            };
            const served = servedTickets(input);
            const contested = served.some((t) => t.priorityClass === 'normal') && !served.some((t) => isOverdue(t, input));
            const r = pickNext(input);
            if (r.ticketId === null) return;
            const picked = byId(input, r.ticketId);
            if (contested && priorityRun >= maxPriorityStreak) {
              expect(r.reason).toBe('normal');
            }
            if (picked.priorityClass === 'priority') {
              priorityRun++;
              if (contested) contestedRun++;
            } else {
              priorityRun = 0;
              contestedRun = 0;
            }
            expect(contestedRun).toBeLessThanOrEqual(maxPriorityStreak);
            expect(r.nextPriorityStreak).toBe(priorityRun);
            streak = r.nextPriorityStreak;
            waiting = waiting.filter((t) => t.id !== r.ticketId);
          });
        },
      ),
    );
  });
});

describe('pickNext examples', () => {
  const ticket = (id: string, categoryId: string, priorityClass: PriorityClass, waitMin: number): WaitingTicket => ({
    id,
    categoryId,
    priorityClass,
    enqueuedAt: NOW - waitMin * MIN,
    issuedAt: NOW - waitMin * MIN,
  });
  const base = {
    categories: [{ categoryId: 'A', weight: 1 }],
    now: NOW,
    priorityStreak: 0,
  };

  it('interleaves one normal after three priority calls (defaults)', () => {
    const tickets = [
      ticket('P1', 'A', 'priority', 9),
      ticket('P2', 'A', 'priority', 8),
      ticket('P3', 'A', 'priority', 7),
      ticket('P4', 'A', 'priority', 6),
      ticket('P5', 'A', 'priority', 5),
      ticket('N1', 'A', 'normal', 15),
      ticket('N2', 'A', 'normal', 14),
    ];
    expect(orderWaiting({ ...base, tickets })).toEqual(['P1', 'P2', 'P3', 'N1', 'P4', 'P5', 'N2']);
  });

  it.each([
    [
      'with maxPriorityStreak 0 a waiting normal ticket always goes first',
      [ticket('P1', 'A', 'priority', 9), ticket('N1', 'A', 'normal', 1)],
      { maxPriorityStreak: 0 },
      { ticketId: 'N1', reason: 'normal', nextPriorityStreak: 0 },
    ],
    [
      'keeps calling priority tickets when no normal one waits',
      [ticket('P1', 'A', 'priority', 1)],
      { priorityStreak: 7 },
      { ticketId: 'P1', reason: 'priority', nextPriorityStreak: 8 },
    ],
    [
      'a ticket waiting exactly the default target wait (20 min) is overdue',
      [ticket('P1', 'A', 'priority', 1), ticket('N1', 'A', 'normal', 20)],
      { priorityStreak: 2 },
      { ticketId: 'N1', reason: 'overdue', nextPriorityStreak: 0 },
    ],
    [
      'a ticket waiting just under the target wait is not',
      [ticket('N1', 'A', 'normal', 19.99)],
      {},
      { ticketId: 'N1', reason: 'normal', nextPriorityStreak: 0 },
    ],
    [
      'an overdue priority call counts towards the streak',
      [ticket('P1', 'A', 'priority', 25), ticket('N1', 'A', 'normal', 1)],
      { priorityStreak: 2 },
      { ticketId: 'P1', reason: 'overdue', nextPriorityStreak: 3 },
    ],
    [
      'ignores tickets of categories the window does not serve',
      [ticket('Z1', 'Z', 'priority', 60)],
      {},
      { ticketId: null, reason: 'empty', nextPriorityStreak: 0 },
    ],
    [
      'empty input gives null with reason empty and keeps the streak',
      [],
      { priorityStreak: 2 },
      { ticketId: null, reason: 'empty', nextPriorityStreak: 2 },
    ],
  ])('%s', (_title, tickets, options, expected) => {
    expect(pickNext({ ...base, tickets, ...options })).toEqual(expected);
  });

  it('weights the wait of each category head', () => {
    const categories = [
      { categoryId: 'A', weight: 2 },
      { categoryId: 'B', weight: 1 },
    ];
    const tickets = [ticket('A1', 'A', 'normal', 5), ticket('B1', 'B', 'normal', 8)];
    expect(pickNext({ ...base, categories, tickets }).ticketId).toBe('A1'); // 10 > 8
    const later = [ticket('A1', 'A', 'normal', 5), ticket('B1', 'B', 'normal', 11)];
    expect(pickNext({ ...base, categories, tickets: later }).ticketId).toBe('B1'); // 10 < 11
  });

  it('breaks an equal weighted wait by enqueue time, then issue time, then id', () => {
    const categories = [
      { categoryId: 'A', weight: 2 },
      { categoryId: 'B', weight: 1 },
    ];
    // Equal score (4 × 2 = 8 × 1): the earlier-enqueued B head goes first.
    const equalScore = [ticket('A1', 'A', 'normal', 4), ticket('B1', 'B', 'normal', 8)];
    expect(pickNext({ ...base, categories, tickets: equalScore }).ticketId).toBe('B1');
    const sameTime = [
      { ...ticket('b', 'A', 'normal', 3), issuedAt: NOW - 5 * MIN },
      { ...ticket('a', 'A', 'normal', 3), issuedAt: NOW - 4 * MIN },
      ticket('c', 'A', 'normal', 3),
    ];
    expect(orderWaiting({ ...base, tickets: sameTime })).toEqual(['b', 'a', 'c']);
    const sameIssue = [ticket('b', 'A', 'normal', 3), ticket('a', 'A', 'normal', 3)];
    expect(orderWaiting({ ...base, tickets: sameIssue })).toEqual(['a', 'b']);
  });

  it('keeps number order for tickets issued in the same millisecond', () => {
    const sameInstant = [
      { ...ticket('z-uuid', 'A', 'normal', 3), seq: 1 },
      { ...ticket('a-uuid', 'A', 'normal', 3), seq: 2 },
      { ...ticket('m-uuid', 'A', 'normal', 3), seq: 3 },
    ];
    expect(orderWaiting({ ...base, tickets: sameInstant })).toEqual(['z-uuid', 'a-uuid', 'm-uuid']);
  });
  it('a requeued ticket goes behind those enqueued before its new enqueuedAt', () => {
    const requeued = { ...ticket('A001', 'A', 'normal', 2), issuedAt: NOW - 30 * MIN };
    const tickets = [requeued, ticket('A005', 'A', 'normal', 3)];
    expect(orderWaiting({ ...base, tickets })).toEqual(['A005', 'A001']);
  });

  it('orders nothing when nothing waits', () => {
    expect(orderWaiting({ ...base, categories: [], tickets: [] })).toEqual([]);
  });

  it.each([
    ['weight 0', { categories: [{ categoryId: 'A', weight: 0 }] }],
    ['fractional weight', { categories: [{ categoryId: 'A', weight: 1.5 }] }],
    [
      'duplicate category',
      {
        categories: [
          { categoryId: 'A', weight: 1 },
          { categoryId: 'A', weight: 2 },
        ],
      },
    ],
    ['targetWaitMs 0', { targetWaitMs: 0 }],
    ['negative maxPriorityStreak', { maxPriorityStreak: -1 }],
    ['negative priorityStreak', { priorityStreak: -1 }],
  ])('rejects %s', (_label, override) => {
    expect(() => pickNext({ ...base, tickets: [], ...override })).toThrow(RangeError);
  });
});

describe('pickCandidates properties', () => {
  it('is pickNext, then pickNext without the tickets already tried, with the same streak each time', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const picks = pickCandidates(input);
        expect(picks).toHaveLength(servedTickets(input).length);
        let rest = [...input.tickets];
        for (const pick of picks) {
          expect(pick).toEqual(pickNext({ ...input, tickets: rest }));
          rest = rest.filter((t) => t.id !== pick.ticketId);
        }
        expect(pickNext({ ...input, tickets: rest }).ticketId).toBeNull();
      }),
    );
  });

  it('needs only the first k tickets of each class and category for its first k picks', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 1, max: 4 }), (input, k) => {
        const lanes = new Map<string, WaitingTicket[]>();
        for (const t of input.tickets) {
          const key = `${t.priorityClass}/${t.categoryId}`;
          lanes.set(key, [...(lanes.get(key) ?? []), t]);
        }
        const heads = [...lanes.values()].flatMap((lane) => lane.sort((a, b) => (fifoBefore(a, b) ? -1 : 1)).slice(0, k));
        const full = pickCandidates(input, k);
        expect(pickCandidates({ ...input, tickets: heads }, k)).toEqual(full);
      }),
    );
  });

  it('stops at the limit', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 5 }), (input, limit) => {
        expect(pickCandidates(input, limit)).toEqual(pickCandidates(input).slice(0, limit));
      }),
    );
  });
});
