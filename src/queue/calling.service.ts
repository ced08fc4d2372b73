import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Principal } from '../auth/principal';
import { KeyedBatcher, Settled } from '../common/batching/keyed-batcher';
import { AppException } from '../common/errors/app-exception';
import { preparedQuery } from '../database/prepared-query';
import { DomainEvents } from '../events/domain-events';
import type { Hall } from '../halls/entities/hall.entity';
import type { ServiceWindow, WindowStatus } from '../halls/entities/service-window.entity';
import { HallsService } from '../halls/halls.service';
import type { QueuedTicket } from '../realtime/realtime-events';
import { Clock } from '../common/time/clock';
import { TicketMove, TicketStatus } from './domain/ticket-state-machine';
import { CallResultDto, TicketDto } from './dto/ticket.dto';
import { TransferTicketDto } from './dto/transfer-ticket.dto';
import { Ticket } from './entities/ticket.entity';
import { assertNotBusy, assertOccupant, AT_DESK, Desk, lockDesks, MoveBatch, MoveOutcome, MoveRequest, TransferTarget } from './move-batch';
import { QueueBoardService } from './queue-board.service';
import { NEXT_VERSION } from './queue-ledger';
import { QueueNotifier } from './queue-notifier.service';

export interface WindowQueueView {
  window: { id: string; number: number; name: string; status: WindowStatus };
  clerkId: string | null;
  priorityStreak: number;
  current: TicketDto | null;
  held: TicketDto[];
  waiting: QueuedTicket[];
}

/** Enough for every window of a large hall at once; each request of a batch is a few rows of one statement. */
const MAX_MOVES_PER_BATCH = 100;

function toDto(ticket: Ticket): TicketDto {
  const { accessCode: _code, ...rest } = ticket;
  return rest;
}

/**
 * Windows and calling. A window's moves (call-next and the moves of one ticket) go through a
 * batcher per hall: the moves that arrive while a batch of the hall is being written go together
 * in the next, one transaction and one commit (MoveBatch), so a rush at fifty windows costs the
 * database a commit per batch instead of one per move. Every move is in the database before it is
 * answered or announced. Other modules are read before the transaction and written after it, so a
 * transaction never waits for a second pool connection.
 */
@Injectable()
export class CallingService {
  private readonly moves = new KeyedBatcher<MoveRequest, MoveOutcome>(MAX_MOVES_PER_BATCH, (requests) => this.writeMoves(requests));

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
      const [other] = await em.query(`select window_id from window_desks where clerk_id = $1 and window_id <> $2`, [
        principal.id,
        windowId,
      ]);
      if (other) throw new AppException('CLERK_AT_OTHER_WINDOW', { windowId: other.window_id });
      await em.query(`update window_desks set clerk_id = $2, updated_at = $3 where window_id = $1`, [
        windowId,
        principal.id,
        this.clock.now(),
      ]);
    });
    return this.windowQueue(principal, windowId);
  }

  async pause(principal: Principal, windowId: string): Promise<WindowQueueView> {
    const { window } = await this.context(principal, windowId);
    await this.changeStatus(principal, window, 'paused', async (em, desk) => {
      assertOccupant(desk, principal, windowId);
      await this.assertNoTickets(em, windowId, AT_DESK);
    });
    return this.windowQueue(principal, windowId);
  }

  /** The clerk at the window, or a manager of the hall, may close it once nobody is called, served or held there. */
  async close(principal: Principal, windowId: string): Promise<WindowQueueView> {
    const { window } = await this.context(principal, windowId);
    await this.changeStatus(principal, window, 'closed', async (em, desk) => {
      if (principal.role === 'clerk') assertOccupant(desk, principal, windowId);
      await this.assertNoTickets(em, windowId, [...AT_DESK, 'held']);
      await em.query(`update window_desks set clerk_id = null, priority_streak = 0, updated_at = $2 where window_id = $1`, [
        windowId,
        this.clock.now(),
      ]);
    });
    return this.windowQueue(principal, windowId);
  }

  async windowQueue(principal: Principal, windowId: string): Promise<WindowQueueView> {
    const window = await this.halls.getWindowFor(principal, windowId);
    // The status as it is now: the cached window may be a second behind another instance.
    const [[row], fresh] = await Promise.all([
      this.dataSource.query(`select clerk_id, priority_streak from window_desks where window_id = $1`, [windowId]),
      this.halls.readWindow(windowId),
    ]);
    const desk: Desk = { clerkId: row?.clerk_id ?? null, priorityStreak: row?.priority_streak ?? 0 };
    const board = await this.board.load(window.hallId);
    const here = await this.dataSource.getRepository(Ticket).find({
      where: { windowId, status: In([...AT_DESK, 'held']) },
      order: { calledAt: 'ASC' },
    });
    const current = here.find((t) => t.status !== 'held');
    return {
      window: { id: window.id, number: window.number, name: window.name, status: fresh?.status ?? window.status },
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
    const { window, hall } = await this.context(principal, windowId);
    const outcome = await this.moves.submit(window.hallId, { kind: 'next', principal, window, hall });
    return outcome.ticket ? { ticket: toDto(outcome.ticket), reason: outcome.reason! } : { ticket: null, reason: 'empty' };
  }

  /** Any move of one ticket at the clerk's window; `call` here is the out-of-order call of a chosen ticket. */
  async act(principal: Principal, windowId: string, ticketId: string, move: TicketMove, transfer?: TransferTicketDto): Promise<TicketDto> {
    const { window, hall } = await this.context(principal, windowId);
    const target = move === 'transfer' ? await this.transferTarget(window, transfer ?? {}) : null;
    const outcome = await this.moves.submit(window.hallId, { kind: 'move', principal, window, hall, ticketId, move, target });
    return toDto(outcome.ticket!);
  }

  /** A request breaking a rule fails alone, inside the batch; one the database refuses fails the batch, which KeyedBatcher then runs one by one. */
  private async writeMoves(requests: MoveRequest[]): Promise<Settled<MoveOutcome>[]> {
    const now = this.clock.now();
    const settled = await this.dataSource.transaction(async (em) => {
      const batch = await MoveBatch.open(em, requests[0].window.hallId, requests, now);
      const results: Settled<MoveOutcome>[] = [];
      for (const request of requests) {
        try {
          results.push({ ok: true, value: await batch.apply(request) });
        } catch (error) {
          if (!(error instanceof AppException)) throw error;
          results.push({ ok: false, error });
        }
      }
      await batch.write();
      // In the moves' transaction: the roll-ups commit with them.
      await this.domainEvents.publishAll(em, batch.domainEvents());
      return results;
    });
    const moved = settled.flatMap((s) => (s.ok && s.value.event ? [s.value] : []));
    for (const m of moved) this.notifier.moved({ ticket: m.ticket!, event: m.event!, version: m.event!.hallVersion, window: m.window });
    return settled;
  }

  // ---- helpers ----

  private async context(principal: Principal, windowId: string): Promise<{ window: ServiceWindow; hall: Hall }> {
    const window = await this.halls.getWindowFor(principal, windowId);
    return { window, hall: await this.halls.getHall(window.hallId) };
  }

  private async assertNoTickets(em: EntityManager, windowId: string, statuses: readonly TicketStatus[]): Promise<void> {
    // Statuses as literals: a parameter hid from the plan that the partial index ix_tickets_at_window
    // applies, so PostgreSQL planned the statement afresh at every call.
    assertNotBusy(
      windowId,
      await preparedQuery<{ id: string; number: string; status: TicketStatus }>(
        em,
        `select id, number, status from tickets where window_id = $1 and status in (${statuses.map((x) => `'${x}'`).join(', ')})`,
        [windowId],
      ),
    );
  }

  private async transferTarget(window: ServiceWindow, dto: TransferTicketDto): Promise<TransferTarget> {
    if ((dto.categoryId === undefined) === (dto.windowId === undefined))
      throw new AppException('TRANSFER_TARGET_INVALID', { reason: 'give exactly one of categoryId, windowId' });
    if (dto.categoryId) {
      const category = await this.halls.getCategory(dto.categoryId).catch(() => null);
      if (category?.hallId !== window.hallId) throw new AppException('TRANSFER_TARGET_INVALID', { categoryId: dto.categoryId });
      return { categoryId: category.id, windowId: null };
    }
    const target = await this.halls.getWindow(dto.windowId!).catch(() => null);
    if (target?.hallId !== window.hallId || !target.active || target.id === window.id)
      throw new AppException('TRANSFER_TARGET_INVALID', { windowId: dto.windowId });
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
      const { desk } = (await lockDesks(em, window.hallId, [window.id])).get(window.id)!;
      await check(em, desk);
      const [row] = await em.query(
        `with v as (${NEXT_VERSION('$2')})
         insert into window_events (window_id, hall_id, hall_version, status, clerk_id, actor_id, at)
         select $1::uuid, $2::uuid, v.version, $3::text, d.clerk_id, $4::uuid, $5::timestamptz from v, window_desks d where d.window_id = $1::uuid
         returning hall_version::text as version, clerk_id`,
        [window.id, window.hallId, status, principal.id, now],
      );
      await this.domainEvents.publish(em, {
        name: 'window.status_changed',
        payload: { windowId: window.id, hallId: window.hallId, status, clerkId: row.clerk_id, at: now },
      });
      return Number(row.version);
    });
    // The window row belongs to the halls module and is written through it, after this commit.
    const updated = await this.halls.setWindowStatus(window.id, status);
    this.notifier.windowStatusChanged(updated, version, now);
  }
}
