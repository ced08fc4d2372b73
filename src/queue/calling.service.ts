import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { preparedQuery } from '../database/prepared-query';
import { DomainEvents, TicketFacts } from '../events/domain-events';
import type { Hall } from '../halls/entities/hall.entity';
import type { ServiceWindow, WindowStatus } from '../halls/entities/service-window.entity';
import { HallsService } from '../halls/halls.service';
import type { QueuedTicket } from '../realtime/realtime-events';
import { Clock } from './clock';
import { pickCandidates, WaitingTicket } from './domain/queue-ordering';
import { applyTicketMove, TicketMove, TicketStatus } from './domain/ticket-state-machine';
import { CallResultDto, TicketDto } from './dto/ticket.dto';
import { TransferTicketDto } from './dto/transfer-ticket.dto';
import type { TicketEvent } from './entities/ticket-event.entity';
import { Ticket } from './entities/ticket.entity';
import { QueueBoardService } from './queue-board.service';
import { actorOf, committedMove, NEXT_VERSION, TICKET_COLUMNS, ticketOf, writeMove } from './queue-ledger';
import { QueueNotifier } from './queue-notifier.service';

interface Desk {
  clerkId: string | null;
  priorityStreak: number;
}

interface TransferTarget {
  categoryId: string | null;
  windowId: string | null;
}

export interface WindowQueueView {
  window: { id: string; number: number; name: string; status: WindowStatus };
  clerkId: string | null;
  priorityStreak: number;
  current: TicketDto | null;
  held: TicketDto[];
  waiting: QueuedTicket[];
}

const AT_DESK = ['called', 'serving'] as const;

function toDto(ticket: Ticket): TicketDto {
  const { accessCode: _code, ...rest } = ticket;
  return rest;
}

function ticketFacts(t: Ticket): TicketFacts {
  return {
    ticketId: t.id, hallId: t.hallId, localDate: t.localDate, issuedAt: t.issuedAt, issueCategoryId: t.issueCategoryId, status: t.status,
    windowId: t.windowId, servedBy: t.servedBy, firstCalledAt: t.firstCalledAt, startedAt: t.startedAt, finishedAt: t.finishedAt,
  };
}

type CandidateTicket = WaitingTicket & { targeted: boolean };

/**
 * Tickets fetched per lane (category × priority class, plus the tickets transferred to the window)
 * for one call: the queue rule only ever takes a lane's head, so the first k picks need only the
 * first k of each lane, and a call reads a few rows however long the queue is.
 */
const LANE_DEPTH = 8;

/**
 * The first `depth` waiting tickets of each lane the window may call, in the order the queue rule
 * compares them (enqueued, issued, seq, id: the app's millisecond times, so the index order is
 * compareFifo's). Lanes that returned `depth` rows may hold more.
 */
async function laneHeads(em: EntityManager, window: ServiceWindow, depth: number): Promise<CandidateTicket[]> {
  const columns = `id, seq, category_id as "categoryId", case when priority then 'priority' else 'normal' end as "priorityClass",
            floor(extract(epoch from enqueued_at) * 1000)::float8 as "enqueuedAt", floor(extract(epoch from issued_at) * 1000)::float8 as "issuedAt"`;
  const order = `order by enqueued_at, issued_at, seq, id limit ${Math.trunc(depth)}`;
  // One branch per lane, written out, with scalar parameters only: the statement's plan is then the
  // same whatever the values, and PostgreSQL keeps one. Lanes given as an array (or the depth as a
  // parameter) hid their number from that plan, and the statement was planned again at every call.
  const lanes = window.categories.flatMap((_c, i) => [true, false].map((priority) =>
    `(select ${columns}, false as targeted from tickets
      where hall_id = $1 and status = 'waiting' and target_window_id is null and category_id = $${i + 3} and priority = ${priority} ${order})`));
  return preparedQuery(em,
    [...lanes, `(select ${columns}, true as targeted from tickets where target_window_id = $2 and status = 'waiting' and hall_id = $1 ${order})`]
      .join(' union all '),
    [window.hallId, window.id, ...window.categories.map((c) => c.categoryId)],
  );
}

/**
 * The tickets a call tries, in order (pickCandidates), cut where a lane fetched in full runs out:
 * past that point its next, unread ticket could be the right choice. `complete` says the cut did
 * not happen, so no candidate means nobody is callable.
 */
function candidatesFor(window: ServiceWindow, hall: Hall, tickets: CandidateTicket[], depth: number, now: Date, priorityStreak: number) {
  const laneOf = (t: CandidateTicket) => (t.targeted ? 'targeted' : `${t.priorityClass}/${t.categoryId}`);
  const left = new Map<string, number>();
  for (const t of tickets) left.set(laneOf(t), (left.get(laneOf(t)) ?? 0) + 1);
  const full = new Set([...left].filter(([, n]) => n >= depth).map(([lane]) => lane));
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const picks = pickFor(window, hall, tickets, now, priorityStreak);
  for (const [i, pick] of picks.entries()) {
    const lane = laneOf(byId.get(pick.ticketId!)!);
    const n = left.get(lane)! - 1;
    left.set(lane, n);
    if (n === 0 && full.has(lane)) return { picks: picks.slice(0, i + 1), complete: false };
  }
  return { picks, complete: true };
}

function pickFor(window: ServiceWindow, hall: Hall, tickets: WaitingTicket[], now: Date, priorityStreak: number, limit?: number) {
  const served = new Map(window.categories.map((c) => [c.categoryId, c.weight]));
  return pickCandidates({
    categories: [...new Set(tickets.map((t) => t.categoryId))].map((categoryId) => ({ categoryId, weight: served.get(categoryId) ?? 1 })),
    tickets,
    now: now.getTime(),
    targetWaitMs: hall.targetWaitMinutes * 60_000,
    priorityStreak,
    maxPriorityStreak: hall.maxPriorityStreak,
  }, limit);
}

/**
 * Windows and calling. Every move runs in one transaction that locks the window's desk row first,
 * then the ticket, so two windows can never hold the same ticket, and the event row commits with
 * the move (its hall version is given at commit). Other modules are read before the transaction
 * and written after it, so a transaction never waits for a second pool connection.
 */
@Injectable()
export class CallingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly clock: Clock,
    private readonly board: QueueBoardService,
    private readonly notifier: QueueNotifier,
    private readonly domainEvents: DomainEvents,
  ) {}

  // ---- window status ----

  async open(principal: Principal, windowId: string): Promise<WindowQueueView> {
    const { window } = await this.context(principal, windowId);
    await this.changeStatus(principal, window, 'open', async (em, desk) => {
      if (desk.clerkId && desk.clerkId !== principal.id) throw new AppException('WINDOW_OCCUPIED', { windowId });
      const [other] = await em.query(`select window_id from window_desks where clerk_id = $1 and window_id <> $2`, [principal.id, windowId]);
      if (other) throw new AppException('CLERK_AT_OTHER_WINDOW', { windowId: other.window_id });
      await em.query(`update window_desks set clerk_id = $2, updated_at = $3 where window_id = $1`, [windowId, principal.id, this.clock.now()]);
    });
    return this.windowQueue(principal, windowId);
  }

  async pause(principal: Principal, windowId: string): Promise<WindowQueueView> {
    const { window } = await this.context(principal, windowId);
    await this.changeStatus(principal, window, 'paused', async (em, desk) => {
      this.assertOccupant(desk, principal, windowId);
      await this.assertNoTickets(em, windowId, AT_DESK);
    });
    return this.windowQueue(principal, windowId);
  }

  /** The clerk at the window, or a manager of the hall, may close it once nobody is called, served or held there. */
  async close(principal: Principal, windowId: string): Promise<WindowQueueView> {
    const { window } = await this.context(principal, windowId);
    await this.changeStatus(principal, window, 'closed', async (em, desk) => {
      if (principal.role === 'clerk') this.assertOccupant(desk, principal, windowId);
      await this.assertNoTickets(em, windowId, [...AT_DESK, 'held']);
      await em.query(`update window_desks set clerk_id = null, priority_streak = 0, updated_at = $2 where window_id = $1`, [windowId, this.clock.now()]);
    });
    return this.windowQueue(principal, windowId);
  }

  async windowQueue(principal: Principal, windowId: string): Promise<WindowQueueView> {
    const window = await this.halls.getWindowFor(principal, windowId);
    // The status as it is now: the cached window may be a second behind another instance.
    const [row] = await this.dataSource.query(
      `select d.clerk_id, d.priority_streak, w.status from windows w left join window_desks d on d.window_id = w.id where w.id = $1`, [windowId]);
    const desk: Desk = { clerkId: row?.clerk_id ?? null, priorityStreak: row?.priority_streak ?? 0 };
    const board = await this.board.load(window.hallId);
    const here = await this.dataSource.getRepository(Ticket).find({
      where: { windowId, status: In([...AT_DESK, 'held']) },
      order: { calledAt: 'ASC' },
    });
    const current = here.find((t) => t.status !== 'held');
    return {
      window: { id: window.id, number: window.number, name: window.name, status: row?.status ?? window.status },
      clerkId: desk.clerkId,
      priorityStreak: desk.priorityStreak,
      current: current ? toDto(current) : null,
      held: here.filter((t) => t.status === 'held').map(toDto),
      waiting: board.windowOrder(window, desk.priorityStreak),
    };
  }

  // ---- calling ----

  /** The queue rule (pickNext) chooses; a ticket taken by another window meanwhile is skipped, never shared. */
  async callNext(principal: Principal, windowId: string): Promise<CallResultDto> {
    const { window: cached, hall } = await this.context(principal, windowId);
    const now = this.clock.now();
    const outcome = await this.dataSource.transaction(async (em) => {
      const { desk, window } = await this.lockDesk(em, cached);
      this.assertCanCall(window);
      this.assertOccupant(desk, principal, windowId);
      await this.assertNoTickets(em, windowId, AT_DESK);
      for (let depth = LANE_DEPTH; ; depth *= 4) {
        const { picks, complete } = candidatesFor(window, hall, await laneHeads(em, window, depth), depth, now, desk.priorityStreak);
        // The first candidate nobody else is moving right now; one called meanwhile fails the re-checked status.
        const [taken] = picks.length === 0 ? [] : await preparedQuery(em,
          `select ${TICKET_COLUMNS('t')} from unnest($1::uuid[]) with ordinality as c(id, n) join tickets t on t.id = c.id
           where t.status = 'waiting' order by c.n limit 1 for update of t skip locked`,
          [picks.map((p) => p.ticketId)],
        );
        if (!taken) {
          if (complete) return null;
          continue;
        }
        const ticket = ticketOf(taken);
        const pick = picks.find((p) => p.ticketId === ticket.id)!;
        const event = await this.applyCall(em, ticket, window, principal, now, pick.nextPriorityStreak, { reason: pick.reason, priorityStreak: pick.nextPriorityStreak });
        return { ticket, event, window, reason: pick.reason };
      }
    });
    if (!outcome) return { ticket: null, reason: 'empty' };
    this.notifier.moved({ ticket: outcome.ticket, ...(await committedMove(this.dataSource.manager, outcome.event)), window: outcome.window });
    return { ticket: toDto(outcome.ticket), reason: outcome.reason };
  }

  /** Any move of one ticket at the clerk's window; `call` here is the out-of-order call of a chosen ticket. */
  async act(principal: Principal, windowId: string, ticketId: string, move: TicketMove, transfer?: TransferTicketDto): Promise<TicketDto> {
    const { window: cached, hall } = await this.context(principal, windowId);
    const target = move === 'transfer' ? await this.transferTarget(cached, transfer ?? {}) : null;
    const now = this.clock.now();
    const committed = await this.dataSource.transaction(async (em) => {
      const { desk, window } = await this.lockDesk(em, cached);
      if (move === 'call') this.assertCanCall(window);
      this.assertOccupant(desk, principal, windowId);
      const [row] = await preparedQuery(em, `select ${TICKET_COLUMNS('t')} from tickets t where t.id = $1 for update`, [ticketId]);
      const ticket = row ? ticketOf(row) : null;
      if (!ticket || ticket.hallId !== window.hallId) throw new AppException('TICKET_NOT_FOUND', { ticketId });
      this.assertAtWindow(ticket, window, move);
      const from = ticket.status;
      const before = ticketFacts(ticket);
      const result = applyTicketMove(ticket, move, { maxRequeues: hall.maxRequeues });
      if (!result.ok) {
        throw new AppException('ILLEGAL_TICKET_MOVE', { ticketId, number: ticket.number, status: result.status, move, allowed: result.allowed });
      }
      if (move === 'call' || move === 'resume') await this.assertNoTickets(em, windowId, AT_DESK);

      if (move === 'call') {
        const expected = await this.expectedNext(em, window, hall, desk, now);
        const streak = ticket.priority ? desk.priorityStreak + 1 : 0;
        const event = await this.applyCall(em, ticket, window, principal, now, streak, { reason: 'chosen', outOfOrder: true, expectedTicketId: expected, priorityStreak: streak });
        return { ticket, event, window };
      }

      Object.assign(ticket, result.state);
      const details: Record<string, unknown> = {};
      switch (move) {
        case 'recall':
          details.recallCount = ticket.recallCount;
          break;
        case 'start':
          ticket.startedAt = now;
          break;
        case 'finish':
          ticket.finishedAt = now;
          break;
        case 'requeue':
          Object.assign(ticket, { enqueuedAt: now, windowId: null, servedBy: null });
          details.requeueCount = ticket.requeueCount;
          break;
        case 'transfer':
          Object.assign(details, { fromCategoryId: ticket.categoryId, toCategoryId: target!.categoryId ?? ticket.categoryId, toWindowId: target!.windowId });
          Object.assign(ticket, { categoryId: target!.categoryId ?? ticket.categoryId, targetWindowId: target!.windowId, enqueuedAt: now, windowId: null, servedBy: null });
          break;
      }
      await this.publishMove(em, move, now, before, ticket);
      const event = await writeMove(em, ticket, move, from, actorOf(principal), now, windowId, details);
      return { ticket, event, window };
    });
    this.notifier.moved({ ticket: committed.ticket, ...(await committedMove(this.dataSource.manager, committed.event)), window: committed.window });
    return toDto(committed.ticket);
  }

  // ---- helpers ----

  private async context(principal: Principal, windowId: string): Promise<{ window: ServiceWindow; hall: Hall }> {
    const window = await this.halls.getWindowFor(principal, windowId);
    return { window, hall: await this.halls.getHall(window.hallId) };
  }

  private assertCanCall(window: ServiceWindow): void {
    if (!window.active) throw new AppException('WINDOW_INACTIVE', { windowId: window.id });
    if (window.status !== 'open') throw new AppException('WINDOW_NOT_OPEN', { windowId: window.id, status: window.status });
  }

  private assertOccupant(desk: Desk, principal: Principal, windowId: string): void {
    if (desk.clerkId !== principal.id) throw new AppException('WINDOW_NOT_YOURS', { windowId });
  }

  /** Waiting tickets this window may take, or tickets it is calling, serving, holding or last left. */
  private assertAtWindow(ticket: Ticket, window: ServiceWindow, move: TicketMove): void {
    const serves = window.categories.some((c) => c.categoryId === ticket.categoryId);
    const eligible = ticket.status === 'waiting' && (ticket.targetWindowId === window.id || (ticket.targetWindowId === null && serves));
    const here = ticket.windowId === window.id;
    const requeuable = move === 'requeue' && ticket.status === 'no_show' && serves;
    if (!eligible && !here && !requeuable) throw new AppException('TICKET_NOT_AT_WINDOW', { ticketId: ticket.id, windowId: window.id });
  }

  private async assertNoTickets(em: EntityManager, windowId: string, statuses: readonly TicketStatus[]): Promise<void> {
    // Statuses as literals: a parameter hid from the plan that the partial index ix_tickets_at_window
    // applies, so PostgreSQL planned the statement afresh at every call.
    const busy = await preparedQuery<{ id: string; number: string; status: string }>(em,
      `select id, number, status from tickets where window_id = $1 and status in (${statuses.map((x) => `'${x}'`).join(', ')})`, [windowId]);
    if (busy.length) throw new AppException('WINDOW_BUSY', { windowId, tickets: busy.map((t) => ({ id: t.id, number: t.number, status: t.status })) });
  }

  /**
   * Creates the desk row on first use; the no-op update locks it, like select … for update, in one
   * round trip. Returns the window with its status and active flag as they are now: the halls
   * module's cached window may be a second behind a change made on another instance.
   */
  private async lockDesk(em: EntityManager, window: ServiceWindow): Promise<{ desk: Desk; window: ServiceWindow }> {
    const [row] = await preparedQuery<{ clerk_id: string | null; priority_streak: number; status: WindowStatus; active: boolean }>(em,
      `insert into window_desks as d (window_id, hall_id) values ($1, $2)
       on conflict (window_id) do update set window_id = d.window_id
       returning clerk_id, priority_streak, (select status from windows where id = $1), (select active from windows where id = $1)`,
      [window.id, window.hallId],
    );
    return { desk: { clerkId: row.clerk_id, priorityStreak: row.priority_streak }, window: { ...window, status: row.status, active: row.active } };
  }

  private async applyCall(
    em: EntityManager, ticket: Ticket, window: ServiceWindow, principal: Principal, now: Date, nextStreak: number, details: Record<string, unknown>,
  ): Promise<TicketEvent> {
    const from = ticket.status;
    const before = ticketFacts(ticket);
    const result = applyTicketMove(ticket, 'call');
    if (!result.ok) throw new AppException('ILLEGAL_TICKET_MOVE', { ticketId: ticket.id, status: result.status, move: 'call', allowed: result.allowed });
    Object.assign(ticket, result.state, {
      windowId: window.id, targetWindowId: null, servedBy: principal.id, calledAt: now, firstCalledAt: ticket.firstCalledAt ?? now,
    });
    await this.publishMove(em, 'call', now, before, ticket);
    return writeMove(em, ticket, 'call', from, actorOf(principal), now, window.id, details, nextStreak);
  }

  /** In the move's transaction: the roll-ups commit with the move. */
  private publishMove(em: EntityManager, move: TicketMove, at: Date, before: TicketFacts, after: Ticket): Promise<void> {
    return this.domainEvents.publish(em, { name: 'ticket.moved', payload: { move, at, before, after: ticketFacts(after) } });
  }

  /** What call-next would have chosen, recorded with an out-of-order call. */
  private async expectedNext(em: EntityManager, window: ServiceWindow, hall: Hall, desk: Desk, now: Date): Promise<string | null> {
    // pickNext only looks at lane heads, so one ticket per lane is enough.
    return pickFor(window, hall, await laneHeads(em, window, 1), now, desk.priorityStreak, 1)[0]?.ticketId ?? null;
  }

  private async transferTarget(window: ServiceWindow, dto: TransferTicketDto): Promise<TransferTarget> {
    if ((dto.categoryId === undefined) === (dto.windowId === undefined)) throw new AppException('TRANSFER_TARGET_INVALID', { reason: 'give exactly one of categoryId, windowId' });
    if (dto.categoryId) {
      const category = await this.halls.getCategory(dto.categoryId).catch(() => null);
      if (category?.hallId !== window.hallId) throw new AppException('TRANSFER_TARGET_INVALID', { categoryId: dto.categoryId });
      return { categoryId: category.id, windowId: null };
    }
    const target = await this.halls.getWindow(dto.windowId!).catch(() => null);
    if (target?.hallId !== window.hallId || !target.active || target.id === window.id) throw new AppException('TRANSFER_TARGET_INVALID', { windowId: dto.windowId });
    return { categoryId: null, windowId: target.id };
  }

  private async changeStatus(
    principal: Principal,
    window: ServiceWindow,
    status: WindowStatus,
    check: (em: EntityManager, desk: Desk) => Promise<void>,
  ): Promise<void> {
    if (!window.active) throw new AppException('WINDOW_INACTIVE', { windowId: window.id });
    const now = this.clock.now();
    const version = await this.dataSource.transaction(async (em) => {
      const { desk } = await this.lockDesk(em, window);
      await check(em, desk);
      const [row] = await em.query(
        `with v as (${NEXT_VERSION('$2')})
         insert into window_events (window_id, hall_id, hall_version, status, clerk_id, actor_id, at)
         select $1::uuid, $2::uuid, v.version, $3::text, d.clerk_id, $4::uuid, $5::timestamptz from v, window_desks d where d.window_id = $1::uuid
         returning hall_version::text as version, clerk_id`,
        [window.id, window.hallId, status, principal.id, now],
      );
      await this.domainEvents.publish(em, {
        name: 'window.status_changed', payload: { windowId: window.id, hallId: window.hallId, status, clerkId: row.clerk_id, at: now },
      });
      return Number(row.version);
    });
    // The window row belongs to the halls module and is written through it, after this commit.
    const updated = await this.halls.setWindowStatus(window.id, status);
    this.notifier.windowStatusChanged(updated, version, now);
  }
}
