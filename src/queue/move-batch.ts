import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { preparedQuery } from '../database/prepared-query';
import type { DomainEvent, TicketFacts } from '../events/domain-events';
import type { Hall } from '../halls/entities/hall.entity';
import type { ServiceWindow } from '../halls/entities/service-window.entity';
import type { WindowStatus } from '../halls/domain/window-vocabulary';
import { candidateOrder, PickNextResult, PickReason, pickCandidates, priorityStreakAfter, WaitingTicket } from './domain/queue-ordering';
import { applyTicketMove, TicketMove, TicketStatus } from './domain/ticket-state-machine';
import { TicketEvent } from './entities/ticket-event.entity';
import { Ticket } from './entities/ticket.entity';
import { actorOf, NEXT_VERSION, TICKET_COLUMNS, ticketOf } from './queue-ledger';

export interface Desk {
  clerkId: string | null;
  priorityStreak: number;
}

export interface TransferTarget {
  categoryId: string | null;
  windowId: string | null;
}

/** What a window asks for: call-next, or a move of one ticket (`call` there is the out-of-order call of a chosen ticket). */
export type MoveRequest = { principal: Principal; window: ServiceWindow; hall: Hall } & (
  { kind: 'next' } | { kind: 'move'; ticketId: string; move: TicketMove; target: TransferTarget | null }
);

export interface MoveOutcome {
  /** The ticket as this move left it; null when call-next found nobody to call. */
  ticket: Ticket | null;
  /** Without its hall version until the batch has committed. */
  event: TicketEvent | null;
  /** The window as it is now (its status read under the desk lock). */
  window: ServiceWindow;
  /** Why call-next chose the ticket (or `empty`); null for the other moves. */
  reason: PickReason | null;
}

export const AT_DESK = ['called', 'serving'] as const;

function ticketFacts(t: Ticket): TicketFacts {
  return {
    ticketId: t.id,
    hallId: t.hallId,
    localDate: t.localDate,
    issuedAt: t.issuedAt,
    issueCategoryId: t.issueCategoryId,
    categoryId: t.categoryId,
    status: t.status,
    windowId: t.windowId,
    servedBy: t.servedBy,
    firstCalledAt: t.firstCalledAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
  };
}

const snapshot = (t: Ticket) => Object.assign(new Ticket(), t);

/** `lane`: the category and class, or 'targeted' for tickets transferred to a window. */
type CandidateTicket = WaitingTicket & { targeted: boolean; targetWindowId: string | null; lane: string };

/**
 * Tickets fetched per lane (category × priority class, plus the tickets transferred to the window)
 * for one call: the queue rule only ever takes a lane's head, so the first k picks need only the
 * first k of each lane, and a call reads a few rows however long the queue is.
 */
const LANE_DEPTH = 8;

const LOCK_CHUNK = 4;

/** The first of from, 4·from, 16·from … that is at least `min`: each depth is a statement text of its own, prepared on every connection. */
function depthAtLeast(min: number, from: number): number {
  let depth = from;
  while (depth < min) depth *= 4;
  return depth;
}

/**
 * The first `depth` waiting tickets of each lane the window may call, in the order the queue rule
 * compares them (enqueued, issued, seq, id: the app's millisecond times, so the index order is
 * compareFifo's). Lanes that returned `depth` rows may hold more.
 */
const LANE_COLUMNS = `id, seq, category_id as "categoryId", case when priority then 'priority' else 'normal' end as "priorityClass",
  floor(extract(epoch from enqueued_at) * 1000)::float8 as "enqueuedAt", floor(extract(epoch from issued_at) * 1000)::float8 as "issuedAt",
  target_window_id as "targetWindowId", target_window_id is not null as targeted,
  case when target_window_id is not null then 'targeted' when priority then 'priority/' || category_id else 'normal/' || category_id end as lane`;
const laneOrder = (depth: number) => `order by enqueued_at, issued_at, seq, id limit ${Math.trunc(depth)}`;

async function laneHeads(em: EntityManager, window: ServiceWindow, depth: number): Promise<CandidateTicket[]> {
  // One branch per lane, written out, with scalar parameters only: the statement's plan is then the
  // same whatever the values, and PostgreSQL keeps one. Lanes given as an array (or the depth as a
  // parameter) hid their number from that plan, and the statement was planned again at every call.
  const lanes = window.categories.flatMap((_c, i) =>
    [true, false].map(
      (priority) =>
        `(select ${LANE_COLUMNS} from tickets
      where hall_id = $1 and status = 'waiting' and target_window_id is null and category_id = $${i + 3} and priority = ${priority} ${laneOrder(depth)})`,
    ),
  );
  return preparedQuery(
    em,
    [
      ...lanes,
      `(select ${LANE_COLUMNS} from tickets where target_window_id = $2 and status = 'waiting' and hall_id = $1 ${laneOrder(depth)})`,
    ].join(' union all '),
    [window.hallId, window.id, ...window.categories.map((c) => c.categoryId)],
  );
}

/**
 * laneHeads for every window of a batch that calls next, in one statement: each lane of their
 * categories and each window's transferred tickets once, each lane a parameterised index scan.
 */
async function batchLaneHeads(em: EntityManager, hallId: string, windows: ServiceWindow[], depth: number): Promise<CandidateTicket[]> {
  const categories = [...new Set(windows.flatMap((w) => w.categories.map((c) => c.categoryId)))];
  const lane = (priority: boolean) => `(select ${LANE_COLUMNS} from tickets
    where hall_id = $1 and status = 'waiting' and target_window_id is null and category_id = c.id and priority = ${priority} ${laneOrder(depth)})`;
  return preparedQuery(
    em,
    `select l.* from unnest($2::uuid[]) as c(id), lateral (${lane(true)} union all ${lane(false)}) l
     union all
     select l.* from unnest($3::uuid[]) as w(id),
       lateral (select ${LANE_COLUMNS} from tickets where target_window_id = w.id and status = 'waiting' and hall_id = $1 ${laneOrder(depth)}) l`,
    [hallId, categories, windows.map((w) => w.id)],
  );
}

/** Lane heads a window may call, with how many each lane returned. */
interface LaneRead {
  tickets: CandidateTicket[];
  perLane: Map<string, number>;
}

function laneRead(tickets: CandidateTicket[]): LaneRead {
  return { tickets, perLane: countByLane(tickets) };
}

/** The tickets of a batch's lane read that the window may call. */
function forWindow(window: ServiceWindow, tickets: CandidateTicket[]): LaneRead {
  const served = new Set(window.categories.map((c) => c.categoryId));
  return laneRead(tickets.filter((t) => (t.targeted ? t.targetWindowId === window.id : served.has(t.categoryId))));
}

function orderingInput<T extends WaitingTicket>(window: ServiceWindow, hall: Hall, tickets: T[], now: Date, priorityStreak: number) {
  const served = new Map(window.categories.map((c) => [c.categoryId, c.weight]));
  return {
    categories: [...new Set(tickets.map((t) => t.categoryId))].map((categoryId) => ({ categoryId, weight: served.get(categoryId) ?? 1 })),
    tickets,
    now: now.getTime(),
    targetWaitMs: hall.targetWaitMinutes * 60_000,
    priorityStreak,
    maxPriorityStreak: hall.maxPriorityStreak,
  };
}

function countByLane(tickets: CandidateTicket[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const t of tickets) n.set(t.lane, (n.get(t.lane) ?? 0) + 1);
  return n;
}

/**
 * The tickets a call tries, in order (candidateOrder), leaving out those the batch already took,
 * cut where a lane fetched in full runs out: past that point its next, unread ticket could be the
 * right choice. Returns whether the cut did not happen, so that no candidate means nobody is
 * callable.
 */
function* candidatesFor(
  window: ServiceWindow,
  hall: Hall,
  { tickets: fetched, perLane: fetchedPerLane }: LaneRead,
  depth: number,
  now: Date,
  priorityStreak: number,
  taken: ReadonlySet<string>,
): Generator<PickNextResult, boolean> {
  const full = (lane: string) => fetchedPerLane.get(lane)! >= depth;
  const tickets = fetched.filter((t) => !taken.has(t.id));
  const left = countByLane(tickets);
  for (const lane of fetchedPerLane.keys()) if (full(lane) && !left.has(lane)) return false;
  for (const { ticket, ...pick } of candidateOrder(orderingInput(window, hall, tickets, now, priorityStreak))) {
    yield pick;
    const n = left.get(ticket.lane)! - 1;
    left.set(ticket.lane, n);
    if (n === 0 && full(ticket.lane)) return false;
  }
  return true;
}

/**
 * Locks the desk rows of the windows, in window order (every writer takes them in that order, so
 * two batches cannot deadlock on them), creating those not used yet; the no-op update locks a row
 * like select … for update, in one round trip. Returns each desk with its window's status and
 * active flag as they are now: the halls module's cached window may be a second behind a change
 * made on another instance.
 */
export async function lockDesks(em: EntityManager, hallId: string, windowIds: string[]) {
  const rows = await preparedQuery<{
    window_id: string;
    clerk_id: string | null;
    priority_streak: number;
    status: WindowStatus;
    active: boolean;
  }>(
    em,
    `insert into window_desks as d (window_id, hall_id) select w.id, $2::uuid from unnest($1::uuid[]) as w(id) order by w.id
     on conflict (window_id) do update set window_id = d.window_id
     returning d.window_id, d.clerk_id, d.priority_streak, (select status from windows where id = d.window_id), (select active from windows where id = d.window_id)`,
    [[...new Set(windowIds)], hallId],
  );
  return new Map(
    rows.map((r) => [
      r.window_id,
      { desk: { clerkId: r.clerk_id, priorityStreak: r.priority_streak } as Desk, status: r.status, active: r.active },
    ]),
  );
}

export function assertCanCall(window: ServiceWindow): void {
  if (!window.active) throw new AppException('WINDOW_INACTIVE', { windowId: window.id });
  if (window.status !== 'open') throw new AppException('WINDOW_NOT_OPEN', { windowId: window.id, status: window.status });
}

export function assertOccupant(desk: Desk, principal: Principal, windowId: string): void {
  if (desk.clerkId !== principal.id) throw new AppException('WINDOW_NOT_YOURS', { windowId });
}

export function assertNotBusy(windowId: string, tickets: Pick<Ticket, 'id' | 'number' | 'status'>[]): void {
  if (tickets.length)
    throw new AppException('WINDOW_BUSY', { windowId, tickets: tickets.map((t) => ({ id: t.id, number: t.number, status: t.status })) });
}

/** Waiting tickets this window may take, or tickets it is calling, serving, holding or last left. */
function assertAtWindow(ticket: Ticket, window: ServiceWindow, move: TicketMove): void {
  const serves = window.categories.some((c) => c.categoryId === ticket.categoryId);
  const eligible = ticket.status === 'waiting' && (ticket.targetWindowId === window.id || (ticket.targetWindowId === null && serves));
  const here = ticket.windowId === window.id;
  const requeuable = move === 'requeue' && ticket.status === 'no_show' && serves;
  if (!eligible && !here && !requeuable) throw new AppException('TICKET_NOT_AT_WINDOW', { ticketId: ticket.id, windowId: window.id });
}

interface MoveDraft {
  ticket: Ticket;
  event: TicketEvent;
  published: DomainEvent;
}

/**
 * The moves of one batch of a hall, in one transaction: the desks of its windows locked first, then
 * the tickets it names, then (call-next) the first free candidate of each call, skipping tickets
 * another transaction holds; so two windows can never hold the same ticket. Each request is
 * decided in turn against the state the earlier ones left (kept here: the tickets at the batch's
 * windows and every ticket it touched), and a request that breaks a rule fails alone, before it
 * changes anything. All moves are then written in one statement; the caller publishes
 * `domainEvents()` in the same transaction and commits.
 */
export class MoveBatch {
  /** Every ticket at a desk of the batch's windows, and every ticket the batch has read or moved, as it stands now. */
  private readonly tickets = new Map<string, Ticket>();
  /** Tickets that were waiting and were called or transferred in this batch: a call-next of the batch never takes one of them. */
  private readonly taken = new Set<string>();
  private readonly drafts: MoveDraft[] = [];
  private readonly streaks = new Map<string, number>();
  /** The lanes of the windows calling next in this batch, read once when it opens. */
  private lanes: { depth: number; tickets: CandidateTicket[] } | null = null;
  /** That read narrowed to each calling window: once for its reservation and its call, not once for each. */
  private readonly lanesOfWindow = new Map<string, LaneRead>();
  /** Waiting tickets this batch has locked for the calls it expects (reserveLikelyPicks). */
  private readonly reserved = new Map<string, Ticket>();

  private constructor(
    private readonly em: EntityManager,
    private readonly hallId: string,
    private readonly now: Date,
    private readonly desks: Map<string, { desk: Desk; status: WindowStatus; active: boolean }>,
  ) {}

  static async open(em: EntityManager, hallId: string, requests: MoveRequest[], now: Date): Promise<MoveBatch> {
    const windowIds = [...new Set(requests.map((r) => r.window.id))];
    const batch = new MoveBatch(em, hallId, now, await lockDesks(em, hallId, windowIds));
    // The tickets at the batch's desks and those its requests name, locked in id order, in one round trip.
    const named = [...new Set(requests.flatMap((r) => (r.kind === 'move' ? [r.ticketId] : [])))];
    const rows = await preparedQuery(
      em,
      `select ${TICKET_COLUMNS('t')} from tickets t
       where (t.window_id = any($1::uuid[]) and t.status in ('called', 'serving')) or t.id = any($2::uuid[]) order by t.id for update`,
      [windowIds, named],
    );
    for (const row of rows) batch.tickets.set(row.id as string, ticketOf(row));
    const calling = [...new Map(requests.filter((r) => r.kind === 'next').map((r) => [r.window.id, r.window])).values()];
    if (calling.length > 1) {
      const depth = depthAtLeast(calling.length + 1, LANE_DEPTH);
      batch.lanes = { depth, tickets: await batchLaneHeads(em, hallId, calling, depth) };
      await batch.reserveLikelyPicks(calling, requests[0].hall);
    }
    return batch;
  }

  /**
   * Locks, in one statement, the ticket each calling window would take if the calls were decided
   * in the order they came with nothing else in between, which is nearly always what happens: a
   * call whose choice is reserved then needs no statement of its own. A ticket another transaction
   * holds or has moved is not reserved, and the call that wants it locks its own; a reserved ticket
   * no call takes stays locked only until this batch commits.
   */
  private async reserveLikelyPicks(calling: ServiceWindow[], hall: Hall): Promise<void> {
    const { depth } = this.lanes!;
    const likely = new Set<string>();
    for (const window of calling) {
      // A call the rules refuse (window not open, desk busy) may hold a reservation no call takes: harmless, and rare.
      const first = candidatesFor(
        window,
        hall,
        this.sharedLanesOf(window),
        depth,
        this.now,
        this.desks.get(window.id)!.desk.priorityStreak,
        likely,
      ).next();
      if (!first.done) likely.add(first.value.ticketId!);
    }
    if (likely.size === 0) return;
    const rows = await preparedQuery(
      this.em,
      `select ${TICKET_COLUMNS('t')} from tickets t where t.id = any($1::uuid[]) and t.status = 'waiting' order by t.id for update of t skip locked`,
      [[...likely]],
    );
    for (const row of rows) this.reserved.set(row.id as string, ticketOf(row));
  }

  async apply(request: MoveRequest): Promise<MoveOutcome> {
    const state = this.desks.get(request.window.id)!;
    const window: ServiceWindow = { ...request.window, status: state.status, active: state.active };
    if (request.kind === 'next' || request.move === 'call') assertCanCall(window);
    assertOccupant(state.desk, request.principal, window.id);
    return request.kind === 'next' ? this.callNext(request, window, state.desk) : this.move(request, window, state.desk);
  }

  /**
   * All moves in one statement (the tickets' last states, the desks' priority streaks and the events
   * in order), their events taking the hall's next versions in request order. The version row stays
   * locked from here to the commit (the roll-ups and the COMMIT), so versions follow commit order
   * across instances; a hall's batches on one instance run one at a time anyway.
   */
  async write(): Promise<void> {
    if (this.drafts.length === 0) return;
    const final = [...new Map(this.drafts.map((d) => [d.ticket.id, d.ticket])).values()];
    const col = <K extends keyof Ticket>(k: K) => final.map((t) => t[k]);
    const events = this.drafts.map((d) => d.event);
    const ev = <K extends keyof TicketEvent>(k: K) => events.map((e) => e[k]);
    const rows = await preparedQuery<{ id: string; version: string }>(
      this.em,
      `with moved as (
         update tickets t set status = m.status, recall_count = m.recall_count, requeue_count = m.requeue_count, category_id = m.category_id,
           window_id = m.window_id, target_window_id = m.target_window_id, served_by = m.served_by, enqueued_at = m.enqueued_at,
           first_called_at = m.first_called_at, called_at = m.called_at, started_at = m.started_at, finished_at = m.finished_at
         from unnest($1::uuid[], $2::text[], $3::int[], $4::int[], $5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::timestamptz[],
                     $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[])
           as m(id, status, recall_count, requeue_count, category_id, window_id, target_window_id, served_by, enqueued_at, first_called_at,
                called_at, started_at, finished_at)
         where t.id = m.id),
       desk as (
         update window_desks d set priority_streak = s.streak, updated_at = $14
         from unnest($15::uuid[], $16::int[]) as s(window_id, streak) where d.window_id = s.window_id),
       v as (${NEXT_VERSION('$17', '', '$26::bigint')})
       insert into ticket_events (ticket_id, hall_id, hall_version, move, from_status, to_status, window_id, actor_kind, actor_id, details, at)
       select e.ticket_id, $17::uuid, v.version - $26::bigint + e.n, e.move, e.from_status, e.to_status, e.window_id, e.actor_kind, e.actor_id, e.details, $14
       from v, unnest($18::uuid[], $19::text[], $20::text[], $21::text[], $22::uuid[], $23::text[], $24::uuid[], $25::jsonb[])
         with ordinality as e(ticket_id, move, from_status, to_status, window_id, actor_kind, actor_id, details, n)
       order by e.n
       returning id::text as id, hall_version::text as version`,
      [
        col('id'),
        col('status'),
        col('recallCount'),
        col('requeueCount'),
        col('categoryId'),
        col('windowId'),
        col('targetWindowId'),
        col('servedBy'),
        col('enqueuedAt'),
        col('firstCalledAt'),
        col('calledAt'),
        col('startedAt'),
        col('finishedAt'),
        this.now,
        [...this.streaks.keys()],
        [...this.streaks.values()],
        this.hallId,
        ev('ticketId'),
        ev('move'),
        ev('fromStatus'),
        ev('toStatus'),
        ev('windowId'),
        ev('actorKind'),
        ev('actorId'),
        events.map((e) => JSON.stringify(e.details)),
        events.length,
      ],
    );
    // The versions were handed out in the events' order: the first event has the lowest.
    const first = Math.min(...rows.map((r) => Number(r.version)));
    for (const r of rows) Object.assign(events[Number(r.version) - first], { id: r.id, hallVersion: Number(r.version) });
  }

  /** What the roll-ups count, one event per move, for the caller to publish in this transaction. */
  domainEvents(): DomainEvent[] {
    return this.drafts.map((d) => d.published);
  }

  private async callNext(request: MoveRequest, window: ServiceWindow, desk: Desk): Promise<MoveOutcome> {
    assertNotBusy(window.id, this.atWindow(window.id, AT_DESK));
    // First from the batch's lane read; past what it holds, from the window's own lanes, deeper each time.
    for (let shared = this.lanes, depth = shared?.depth ?? LANE_DEPTH; ; shared = null, depth *= 4) {
      const fetched = shared ? this.sharedLanesOf(window) : laneRead(await laneHeads(this.em, window, depth));
      const found = await this.lockFirstFree(
        candidatesFor(window, request.hall, fetched, depth, this.now, desk.priorityStreak, this.taken),
      );
      if (!found.ticket) {
        if (found.complete) return { ticket: null, event: null, window, reason: 'empty' };
        continue;
      }
      const { ticket, pick } = found;
      this.tickets.set(ticket.id, ticket);
      this.call(request, ticket, window, desk, pick.nextPriorityStreak, { reason: pick.reason, priorityStreak: pick.nextPriorityStreak });
      return { ticket: snapshot(ticket), event: this.lastEvent(), window, reason: pick.reason };
    }
  }

  /**
   * The first of the candidates, in order, that is still waiting and that no other transaction is
   * moving (one called meanwhile fails the re-checked status), locked. A few at a time: the first
   * is nearly always free, and the statement joins and sorts all it is given before it locks one.
   */
  private async lockFirstFree(
    candidates: Generator<PickNextResult, boolean>,
  ): Promise<{ ticket: Ticket; pick: PickNextResult } | { ticket: null; complete: boolean }> {
    let step = candidates.next();
    if (!step.done) {
      // Reserved means locked by this transaction while still waiting; the candidates leave out what the batch took since.
      const reserved = this.reserved.get(step.value.ticketId!);
      if (reserved) return { ticket: reserved, pick: step.value };
    }
    while (!step.done) {
      const chunk: PickNextResult[] = [];
      for (; !step.done && chunk.length < LOCK_CHUNK; step = candidates.next()) chunk.push(step.value);
      const [row] = await preparedQuery(
        this.em,
        `select ${TICKET_COLUMNS('t')} from unnest($1::uuid[]) with ordinality as c(id, n) join tickets t on t.id = c.id
         where t.status = 'waiting' order by c.n limit 1 for update of t skip locked`,
        [chunk.map((p) => p.ticketId)],
      );
      if (row) return { ticket: ticketOf(row), pick: chunk.find((p) => p.ticketId === row.id)! };
    }
    return { ticket: null, complete: step.value };
  }

  private async move(request: Extract<MoveRequest, { kind: 'move' }>, window: ServiceWindow, desk: Desk): Promise<MoveOutcome> {
    const { ticketId, move, target, hall } = request;
    const ticket = this.tickets.get(ticketId);
    if (!ticket || ticket.hallId !== window.hallId) throw new AppException('TICKET_NOT_FOUND', { ticketId });
    assertAtWindow(ticket, window, move);
    const result = applyTicketMove(ticket, move, { maxRequeues: hall.maxRequeues });
    if (!result.ok) {
      throw new AppException('ILLEGAL_TICKET_MOVE', {
        ticketId,
        number: ticket.number,
        status: result.status,
        move,
        allowed: result.allowed,
      });
    }
    if (move === 'call' || move === 'resume') assertNotBusy(window.id, this.atWindow(window.id, AT_DESK));

    if (move === 'call') {
      const expected = await this.expectedNext(window, hall, desk);
      const streak = priorityStreakAfter(desk.priorityStreak, ticket.priority);
      this.call(request, ticket, window, desk, streak, {
        reason: 'chosen',
        outOfOrder: true,
        expectedTicketId: expected,
        priorityStreak: streak,
      });
      return { ticket: snapshot(ticket), event: this.lastEvent(), window, reason: null };
    }

    const from = ticket.status;
    const before = ticketFacts(ticket);
    Object.assign(ticket, result.state);
    const details: Record<string, unknown> = {};
    switch (move) {
      case 'recall':
        details.recallCount = ticket.recallCount;
        break;
      case 'start':
        ticket.startedAt = this.now;
        break;
      case 'finish':
        ticket.finishedAt = this.now;
        break;
      case 'requeue':
        Object.assign(ticket, { enqueuedAt: this.now, windowId: null, servedBy: null });
        details.requeueCount = ticket.requeueCount;
        break;
      case 'transfer':
        Object.assign(details, {
          fromCategoryId: ticket.categoryId,
          toCategoryId: target!.categoryId ?? ticket.categoryId,
          toWindowId: target!.windowId,
        });
        Object.assign(ticket, {
          categoryId: target!.categoryId ?? ticket.categoryId,
          targetWindowId: target!.windowId,
          enqueuedAt: this.now,
          windowId: null,
          servedBy: null,
        });
        break;
    }
    this.record(request, ticket, move, from, before, window.id, details);
    return { ticket: snapshot(ticket), event: this.lastEvent(), window, reason: null };
  }

  private call(
    request: MoveRequest,
    ticket: Ticket,
    window: ServiceWindow,
    desk: Desk,
    nextStreak: number,
    details: Record<string, unknown>,
  ): void {
    const from = ticket.status;
    const before = ticketFacts(ticket);
    const result = applyTicketMove(ticket, 'call');
    if (!result.ok)
      throw new AppException('ILLEGAL_TICKET_MOVE', { ticketId: ticket.id, status: result.status, move: 'call', allowed: result.allowed });
    Object.assign(ticket, result.state, {
      windowId: window.id,
      targetWindowId: null,
      servedBy: request.principal.id,
      calledAt: this.now,
      firstCalledAt: ticket.firstCalledAt ?? this.now,
    });
    desk.priorityStreak = nextStreak;
    this.streaks.set(window.id, nextStreak);
    this.record(request, ticket, 'call', from, before, window.id, details);
  }

  private record(
    request: MoveRequest,
    ticket: Ticket,
    move: TicketMove,
    from: TicketStatus,
    before: TicketFacts,
    windowId: string,
    details: Record<string, unknown>,
  ): void {
    const actor = actorOf(request.principal);
    const event = Object.assign(new TicketEvent(), {
      ticketId: ticket.id,
      hallId: ticket.hallId,
      move,
      fromStatus: from,
      toStatus: ticket.status,
      windowId,
      actorKind: actor.kind,
      actorId: actor.id,
      details,
      at: this.now,
    });
    if (from === 'waiting') this.taken.add(ticket.id);
    this.drafts.push({
      ticket,
      event,
      published: { name: 'ticket.moved', payload: { move, at: this.now, before, after: ticketFacts(ticket) } },
    });
  }

  private sharedLanesOf(window: ServiceWindow): LaneRead {
    let read = this.lanesOfWindow.get(window.id);
    if (!read) this.lanesOfWindow.set(window.id, (read = forWindow(window, this.lanes!.tickets)));
    return read;
  }

  private lastEvent(): TicketEvent {
    return this.drafts[this.drafts.length - 1].event;
  }

  private atWindow(windowId: string, statuses: readonly TicketStatus[]): Ticket[] {
    return [...this.tickets.values()].filter((t) => t.windowId === windowId && statuses.includes(t.status));
  }

  /** What call-next would have chosen, recorded with an out-of-order call. */
  private async expectedNext(window: ServiceWindow, hall: Hall, desk: Desk): Promise<string | null> {
    // pickNext only looks at lane heads, so one ticket per lane is enough, past those this batch took.
    const heads = (await laneHeads(this.em, window, depthAtLeast(1 + this.taken.size, 1))).filter((t) => !this.taken.has(t.id));
    return pickCandidates(orderingInput(window, hall, heads, this.now, desk.priorityStreak), 1)[0]?.ticketId ?? null;
  }
}
