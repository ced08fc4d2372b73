/**
 * "Call next" for one window (DOMAIN.md "Queue (排队叫号)"). This comment is the spec.
 *
 * Only tickets of the window's served categories take part; wait = now − enqueuedAt (a requeued
 * or transferred ticket gets a new enqueuedAt), floored at 0 so clock skew between server
 * instances cannot produce negative waits.
 *
 * a) Overdue first: a ticket whose wait ≥ targetWaitMs goes ahead of every other ticket, whatever
 *    its class or category; among overdue tickets the longest-waiting goes first (ties: issuedAt,
 *    then id).
 * b) Otherwise priority (green channel, checked-in appointments) before normal, but once the
 *    window has made maxPriorityStreak priority calls in a row and a normal ticket is waiting, a
 *    normal ticket is called. The streak resets to 0 on a normal call and increments on a
 *    priority call; an overdue call counts by the ticket's class. The caller stores
 *    nextPriorityStreak per window and passes it back on the next call.
 * c) FIFO within a class and category: a ticket never overtakes one of the same class and
 *    category enqueued earlier; ties by issuedAt, then seq when both tickets have one (tickets
 *    issued in the same millisecond keep their number order), then id (plain code-unit order, so
 *    the result does not depend on locale or input order).
 * d) Across categories within the chosen class, the head with the highest weighted wait
 *    (wait × category weight) wins; ties go to the FIFO-earlier head. The weighting is stateless,
 *    so concurrent windows need no shared counters.
 *
 * An empty result leaves the streak unchanged: no call was made.
 */

export type PriorityClass = 'priority' | 'normal';

export interface ServedCategory {
  readonly categoryId: string;
  /** Integer ≥ 1: how strongly this window favours the category. */
  readonly weight: number;
}

export interface WaitingTicket {
  readonly id: string;
  readonly categoryId: string;
  readonly priorityClass: PriorityClass;
  /** ms since epoch; reset on requeue and transfer. */
  readonly enqueuedAt: number;
  /** ms since epoch; when the number was issued. */
  readonly issuedAt: number;
  /** Sequence of the ticket's number (A007 → 7): issue order when the times are equal. */
  readonly seq?: number;
}

export interface QueueOrderingInput {
  readonly categories: readonly ServedCategory[];
  readonly tickets: readonly WaitingTicket[];
  readonly now: number;
  /** Hall's target wait; default DEFAULT_TARGET_WAIT_MS. */
  readonly targetWaitMs?: number;
  /** Priority calls this window made in a row so far. */
  readonly priorityStreak: number;
  /** Default DEFAULT_MAX_PRIORITY_STREAK. */
  readonly maxPriorityStreak?: number;
}

export type PickReason = 'overdue' | 'priority' | 'normal' | 'empty';

export interface PickNextResult {
  readonly ticketId: string | null;
  readonly reason: PickReason;
  readonly nextPriorityStreak: number;
}

export const DEFAULT_TARGET_WAIT_MS = 20 * 60_000;
export const DEFAULT_MAX_PRIORITY_STREAK = 3;

/** Order of rule (c): earlier enqueuedAt, then earlier issuedAt, then smaller seq, then smaller id. */
export function compareFifo(a: WaitingTicket, b: WaitingTicket): number {
  return (
    a.enqueuedAt - b.enqueuedAt ||
    a.issuedAt - b.issuedAt ||
    (a.seq !== undefined && b.seq !== undefined ? a.seq - b.seq : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

interface Lane {
  readonly weight: number;
  /** FIFO-sorted, non-overdue tickets of one category and class. */
  readonly tickets: readonly WaitingTicket[];
  next: number;
}

/**
 * Mutable picking state shared by pickNext (one step) and orderWaiting (all steps), so that the
 * predicted order is the repeated pick by construction.
 */
interface Board {
  readonly now: number;
  readonly maxPriorityStreak: number;
  /** Longest-waiting first. Overdue tickets are FIFO prefixes of their lanes, so kept apart. */
  readonly overdue: readonly WaitingTicket[];
  overdueNext: number;
  readonly lanes: { readonly [C in PriorityClass]: readonly Lane[] };
  streak: number;
}

interface Settings {
  readonly targetWaitMs: number;
  readonly maxPriorityStreak: number;
}

function settingsOf(input: QueueOrderingInput): Settings {
  const targetWaitMs = input.targetWaitMs ?? DEFAULT_TARGET_WAIT_MS;
  const maxPriorityStreak = input.maxPriorityStreak ?? DEFAULT_MAX_PRIORITY_STREAK;
  if (!(targetWaitMs > 0) || !Number.isFinite(targetWaitMs)) {
    throw new RangeError(`targetWaitMs must be a positive number, got ${targetWaitMs}`);
  }
  if (!Number.isInteger(maxPriorityStreak) || maxPriorityStreak < 0) {
    throw new RangeError(`maxPriorityStreak must be a non-negative integer, got ${maxPriorityStreak}`);
  }
  if (!Number.isInteger(input.priorityStreak) || input.priorityStreak < 0) {
    throw new RangeError(`priorityStreak must be a non-negative integer, got ${input.priorityStreak}`);
  }
  const seen = new Set<string>();
  for (const c of input.categories) {
    if (!Number.isInteger(c.weight) || c.weight < 1) {
      throw new RangeError(`weight of category ${c.categoryId} must be an integer ≥ 1`);
    }
    if (seen.has(c.categoryId)) {
      throw new RangeError(`category ${c.categoryId} is listed twice`);
    }
    seen.add(c.categoryId);
  }
  return { targetWaitMs, maxPriorityStreak };
}

function waitOf(t: WaitingTicket, now: number): number {
  return Math.max(0, now - t.enqueuedAt);
}

function buildBoard(input: QueueOrderingInput): Board {
  const { targetWaitMs, maxPriorityStreak } = settingsOf(input);
  const weights = new Map(input.categories.map((c) => [c.categoryId, c.weight]));
  const overdue: WaitingTicket[] = [];
  // Per class, category → lane: a call builds this from hundreds of lane heads, so no key strings.
  const byClass: { [C in PriorityClass]: Map<string, { weight: number; tickets: WaitingTicket[] }> } = {
    priority: new Map(),
    normal: new Map(),
  };
  for (const t of input.tickets) {
    const weight = weights.get(t.categoryId);
    if (weight === undefined) continue;
    if (waitOf(t, input.now) >= targetWaitMs) {
      overdue.push(t);
      continue;
    }
    const lanes = byClass[t.priorityClass];
    let lane = lanes.get(t.categoryId);
    if (!lane) {
      lane = { weight, tickets: [] };
      lanes.set(t.categoryId, lane);
    }
    lane.tickets.push(t);
  }
  const lanesOf = (cls: PriorityClass): Lane[] =>
    [...byClass[cls].values()].map((lane) => ({ weight: lane.weight, tickets: lane.tickets.sort(compareFifo), next: 0 }));
  return {
    now: input.now,
    maxPriorityStreak,
    overdue: overdue.sort(compareFifo),
    overdueNext: 0,
    lanes: { priority: lanesOf('priority'), normal: lanesOf('normal') },
    streak: input.priorityStreak,
  };
}

function bestHead(lanes: readonly Lane[], now: number): Lane | undefined {
  let best: Lane | undefined;
  let bestScore = -1;
  for (const lane of lanes) {
    const head = lane.tickets[lane.next];
    if (head === undefined) continue;
    const score = waitOf(head, now) * lane.weight;
    if (best === undefined || score > bestScore || (score === bestScore && compareFifo(head, best.tickets[best.next]!) < 0)) {
      best = lane;
      bestScore = score;
    }
  }
  return best;
}

/** The window's streak after a call: one more after a priority ticket, back to 0 after a normal one. */
export function priorityStreakAfter(streak: number, calledPriority: boolean): number {
  return calledPriority ? streak + 1 : 0;
}

function take(board: Board): { ticket: WaitingTicket; reason: PickReason } | undefined {
  const overdueTicket = board.overdue[board.overdueNext];
  if (overdueTicket !== undefined) {
    board.overdueNext++;
    board.streak = priorityStreakAfter(board.streak, overdueTicket.priorityClass === 'priority');
    return { ticket: overdueTicket, reason: 'overdue' };
  }
  const priorityLane = bestHead(board.lanes.priority, board.now);
  const normalLane = bestHead(board.lanes.normal, board.now);
  const lane = priorityLane && (!normalLane || board.streak < board.maxPriorityStreak) ? priorityLane : normalLane;
  if (!lane) return undefined;
  const ticket = lane.tickets[lane.next++]!;
  const isPriority = lane === priorityLane;
  board.streak = priorityStreakAfter(board.streak, isPriority);
  return { ticket, reason: isPriority ? 'priority' : 'normal' };
}

export function pickNext(input: QueueOrderingInput): PickNextResult {
  const board = buildBoard(input);
  const picked = take(board);
  if (!picked) {
    return { ticketId: null, reason: 'empty', nextPriorityStreak: input.priorityStreak };
  }
  return { ticketId: picked.ticket.id, reason: picked.reason, nextPriorityStreak: board.streak };
}

/**
 * The window's first choice, then what it would choose were that ticket gone, and so on, all with
 * the window's current streak: the order in which one call tries tickets while other windows take
 * its first choices at the same moment. Element i is pickNext of the input without elements 0..i-1.
 * Computed as they are drawn: a call nearly always needs only the first.
 */
export function* candidateOrder<T extends WaitingTicket>(
  input: QueueOrderingInput & { tickets: readonly T[] },
): Generator<PickNextResult & { ticket: T }> {
  const board = buildBoard(input);
  for (;;) {
    board.streak = input.priorityStreak;
    const picked = take(board);
    if (!picked) return;
    yield { ticketId: picked.ticket.id, reason: picked.reason, nextPriorityStreak: board.streak, ticket: picked.ticket as T };
  }
}

/** The first `limit` of candidateOrder. */
export function pickCandidates(input: QueueOrderingInput, limit = Number.POSITIVE_INFINITY): PickNextResult[] {
  const picks: PickNextResult[] = [];
  if (limit <= 0) return picks;
  for (const { ticketId, reason, nextPriorityStreak } of candidateOrder(input)) {
    picks.push({ ticketId, reason, nextPriorityStreak });
    if (picks.length >= limit) break;
  }
  return picks;
}

/**
 * Predicted call order of all waiting tickets of the served categories: pickNext applied
 * repeatedly at the same `now`, each pick removed and its streak carried on. It ignores time
 * passing (more tickets turning overdue) and other windows, so it is an estimate for positions
 * and waits, not a promise.
 */
export function orderWaiting(input: QueueOrderingInput): string[] {
  const board = buildBoard(input);
  const order: string[] = [];
  for (let picked = take(board); picked; picked = take(board)) {
    order.push(picked.ticket.id);
  }
  return order;
}
