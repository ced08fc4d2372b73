import { Injectable } from '@nestjs/common';
import { randomFillSync, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal, StaffPrincipal } from '../auth/principal';
import { CatalogService } from '../catalog/catalog.service';
import { AppException } from '../common/errors/app-exception';
import { validateResidentId } from '../common/identity/resident-id';
import type { Hall } from '../halls/entities/hall.entity';
import type { WindowCategory } from '../halls/entities/window-category.entity';
import { HallsService } from '../halls/halls.service';
import { preparedQuery } from '../database/prepared-query';
import { PiiVault } from '../pii/pii-vault.service';
import type { DisplayState, TicketLiveView } from '../realtime/realtime-events';
import { Clock } from '../common/time/clock';
import { localDateTime, withinHours } from '../common/time/local-day';
import { orderWaiting } from './domain/queue-ordering';
import { IssuedTicketDto, TicketWithEventsDto } from './dto/ticket.dto';
import { IssueTicketDto } from './dto/issue-ticket.dto';
import { TicketEvent } from './entities/ticket-event.entity';
import { Ticket } from './entities/ticket.entity';
import { TicketSource } from './domain/ticket-sources';
import { PublicRateLimiter } from '../common/http/public-rate-limiter';
import { currentOf, QueueBoardService } from './queue-board.service';
import { IssueBatcher, IssueDraft } from './issue-batcher';
import { Actor, actorOf } from './queue-ledger';
import { QueueNotifier } from './queue-notifier.service';

export interface IssueRequest {
  hall: Hall;
  category: WindowCategory;
  itemId: string | null;
  source: TicketSource;
  priority: boolean;
  priorityReason: string | null;
  actor: Actor;
  /** A checked-in appointment already holds its place: the daily cap and issuing hours do not apply. */
  bypassLimits?: boolean;
  /** 实名取号: the fingerprint of the applicant's ID (personIndexFor); one active ticket, personDailyLimit a day. */
  personIndex?: string | null;
}

/** The statuses of a ticket still in the queue or at a window. */
const ACTIVE_STATUSES = ['waiting', 'called', 'serving', 'held'];

/** Runs inside the issuing transaction, e.g. to mark the appointment that the ticket comes from. */
export type WithinIssue = (em: EntityManager, ticket: Ticket) => Promise<void>;

/** Crockford base32: no I, L, O or U to misread from a slip. 10 characters ≈ 50 bits, not guessable. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Random bytes drawn a page at a time: one system call per 409 codes instead of one per code. */
const entropy = { pool: Buffer.alloc(4096), used: 4096 };

function accessCode(): string {
  if (entropy.used + 10 > entropy.pool.length) {
    randomFillSync(entropy.pool);
    entropy.used = 0;
  }
  let code = '';
  for (let i = 0; i < 10; i++) code += CODE_ALPHABET[entropy.pool[entropy.used++] & 31];
  return code;
}

export type PublicTicketView = TicketLiveView & { categoryName: string; issuedAt: string };

export interface ArrivalCountRow {
  localDate: string;
  hour: number;
  categoryId: string;
  count: number;
}

export interface ServiceTimeRow {
  categoryId: string;
  served: number;
  meanServiceMinutes: number;
}

export interface StaffActivityRows {
  openSpans: { windowId: string; clerkId: string | null; from: number; to: number }[];
  visits: { windowId: string; clerkId: string | null; calledAt: number; startedAt: number; finishedAt: number }[];
  waits: { categoryId: string; from: number; to: number }[];
}

/** The visit a case is opened from or handed over at. */
export interface ServedVisit {
  id: string;
  windowId: string | null;
}

export interface QueueFrontTicket {
  ticketId: string;
  number: string;
  /** Tickets the page shows ahead of this one. */
  ahead: number;
}

const EPOCH_MS = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

@Injectable()
export class TicketsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly limiter: PublicRateLimiter,
    private readonly board: QueueBoardService,
    private readonly notifier: QueueNotifier,
    private readonly batcher: IssueBatcher,
    private readonly vault: PiiVault,
  ) {}

  /**
   * For the cases module: the ticket this clerk is serving right now, read inside the caller's
   * transaction (a case is opened from the visit being served, or handed over at it).
   */
  async servedVisit(em: EntityManager, principal: StaffPrincipal, hallId: string, ticketId: string): Promise<ServedVisit> {
    const ticket = await em.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!ticket || ticket.hallId !== hallId || ticket.status !== 'serving' || ticket.servedBy !== principal.id) {
      throw new AppException('TICKET_NOT_SERVED', { ticketId, status: ticket?.status });
    }
    return { id: ticket.id, windowId: ticket.windowId };
  }

  /** For the cases module: the window of the hall this clerk sits at (opened and not closed), or null; read in the caller's transaction. */
  async deskOf(em: EntityManager, clerkId: string, hallId: string): Promise<string | null> {
    const [desk] = await em.query(`select window_id from window_desks where clerk_id = $1 and hall_id = $2`, [clerkId, hallId]);
    return desk?.window_id ?? null;
  }

  /** POST /api/halls/{hallId}/tickets: who may issue depends on the source. */
  async issueFor(
    principal: Principal | undefined,
    hallId: string,
    dto: IssueTicketDto,
    clientAddress: string | undefined,
  ): Promise<IssuedTicketDto> {
    const priority = dto.priority === true;
    switch (dto.source) {
      case 'kiosk':
        if (principal?.role !== 'kiosk')
          throw new AppException('SOURCE_NOT_ALLOWED', { source: dto.source, required: 'kiosk device token' });
        assertHallAccess(principal, hallId);
        break;
      case 'walk_in':
        if (!principal || !['clerk', 'manager', 'admin'].includes(principal.role)) {
          throw new AppException('SOURCE_NOT_ALLOWED', { source: dto.source, required: 'clerk' });
        }
        assertHallAccess(principal, hallId);
        break;
      case 'phone':
        await this.limiter.hit('ticket-issue', clientAddress);
        if (priority) throw new AppException('PRIORITY_NOT_ALLOWED');
        break;
    }
    const hall = await this.halls.getHall(hallId);
    const { category, itemId } = await this.resolveCategory(hallId, dto);
    const personIndex = dto.source === 'walk_in' ? null : this.personIndexFor(category, dto.idNumber);
    return this.issue({
      hall,
      category,
      itemId,
      source: dto.source,
      priority,
      priorityReason: priority ? (dto.priorityReason ?? null) : null,
      actor: actorOf(principal),
      personIndex,
    });
  }

  /**
   * 实名取号 and 实名预约: for a category that requires it, the keyed fingerprint of the applicant's
   * resident ID (400 when missing or invalid); null for any other category, whose tickets stay
   * anonymous even when a number is sent. The number itself is never stored.
   */
  personIndexFor(category: WindowCategory, idNumber: string | undefined): string | null {
    if (!category.realName) return null;
    if (!idNumber) throw new AppException('REAL_NAME_ID_REQUIRED', { categoryId: category.id, field: 'idNumber' });
    const result = validateResidentId(idNumber, this.clock.now());
    if (!result.ok) throw new AppException('REAL_NAME_ID_INVALID', { field: 'idNumber', reason: result.reason });
    return this.vault.fingerprint(result.value);
  }

  /**
   * Numbers come from a counter row per hall, category and local day, moved by the same statement
   * that inserts the ticket, its event and the hall version (IssueBatcher), so a capped or failed
   * issue leaves the counter as it was: numbers are unique and gap-free.
   */
  async issue(request: IssueRequest, within?: WithinIssue): Promise<IssuedTicketDto> {
    const { hall, category } = request;
    const now = this.clock.now();
    const local = localDateTime(now, hall.timezone);
    if (!request.bypassLimits && !withinHours(local.time, category.issueFrom, category.issueUntil)) {
      throw new AppException('OUTSIDE_ISSUING_HOURS', {
        categoryId: category.id,
        issueFrom: category.issueFrom,
        issueUntil: category.issueUntil,
        localTime: local.time,
      });
    }
    const cap = request.bypassLimits ? null : category.dailyCap;
    const ticket = Object.assign(new Ticket(), {
      id: randomUUID(),
      hallId: hall.id,
      issueCategoryId: category.id,
      categoryId: category.id,
      localDate: local.date,
      source: request.source,
      priority: request.priority,
      priorityReason: request.priorityReason,
      itemId: request.itemId,
      status: 'waiting' as const,
      recallCount: 0,
      requeueCount: 0,
      windowId: null,
      targetWindowId: null,
      servedBy: null,
      accessCode: accessCode(),
      issuedAt: now,
      enqueuedAt: now,
      firstCalledAt: null,
      calledAt: null,
      startedAt: null,
      finishedAt: null,
    });
    const details: Record<string, unknown> = { source: request.source, priority: request.priority };
    if (request.itemId) details.itemId = request.itemId;
    const draft: IssueDraft = {
      id: ticket.id,
      hallId: hall.id,
      categoryId: category.id,
      prefix: category.prefix,
      localDate: local.date,
      cap,
      source: ticket.source,
      priority: ticket.priority,
      priorityReason: ticket.priorityReason,
      itemId: ticket.itemId,
      accessCode: ticket.accessCode,
      actorKind: request.actor.kind,
      actorId: request.actor.id,
      details,
      personIndex: request.personIndex ?? null,
    };
    // A real-name ticket is checked and written alone, in its own transaction, so that a refusal
    // never touches a batch of other people's tickets.
    const row =
      within || draft.personIndex
        ? await this.dataSource.transaction(async (em) => {
            if (draft.personIndex) await this.checkPerson(em, category, draft.personIndex, local.date);
            const issued = await this.batcher.issueIn(em, draft);
            if (within) await within(em, Object.assign(ticket, { seq: issued.seq, number: issued.number }));
            return issued;
          })
        : await this.batcher.issue(draft);
    Object.assign(ticket, { seq: row.seq, number: row.number, issuedAt: row.at, enqueuedAt: row.at });
    const event = Object.assign(new TicketEvent(), {
      id: row.eventId,
      ticketId: ticket.id,
      hallId: hall.id,
      hallVersion: row.version,
      move: 'issue' as const,
      fromStatus: null,
      toStatus: 'waiting' as const,
      windowId: null,
      actorKind: request.actor.kind,
      actorId: request.actor.id,
      details,
      at: row.at,
    });
    this.notifier.moved({ ticket, event, version: row.version, window: null });
    const plan = (await this.board.recent(hall.id)).planOf(ticket);
    return { ...this.toDto(ticket), accessCode: ticket.accessCode, categoryName: category.name, ...plan };
  }

  /**
   * One active ticket per person and category, and at most personDailyLimit a day. The person's
   * tickets of the category queue on an advisory lock, so two requests at once cannot both pass;
   * the unique index uq_tickets_person_active backs the first rule.
   */
  private async checkPerson(em: EntityManager, category: WindowCategory, personIndex: string, localDate: string): Promise<void> {
    await em.query(`select pg_advisory_xact_lock(hashtext($1))`, [`real-name:${category.id}:${personIndex}`]);
    const [{ active, today }]: { active: number; today: number }[] = await em.query(
      `select count(*) filter (where status = any($4::text[]))::int as active, count(*) filter (where local_date = $3)::int as today
       from tickets where person_index = $1 and issue_category_id = $2 and (local_date = $3 or status = any($4::text[]))`,
      [personIndex, category.id, localDate, ACTIVE_STATUSES],
    );
    if (active > 0) throw new AppException('REAL_NAME_TICKET_ACTIVE', { categoryId: category.id });
    if (today >= category.personDailyLimit) {
      throw new AppException('REAL_NAME_DAILY_LIMIT', { categoryId: category.id, personDailyLimit: category.personDailyLimit, localDate });
    }
  }

  async getFor(principal: Principal, ticketId: string): Promise<TicketWithEventsDto> {
    const ticket = await this.dataSource.getRepository(Ticket).findOneBy({ id: ticketId });
    if (!ticket) throw new AppException('TICKET_NOT_FOUND', { ticketId });
    assertHallAccess(principal, ticket.hallId);
    const events = await this.dataSource.getRepository(TicketEvent).find({ where: { ticketId }, order: { id: 'ASC' } });
    return { ...this.toDto(ticket), events };
  }

  /** The citizen's live page; the access code is the only key, so nothing personal is in it. */
  async liveView(accessCode: string): Promise<PublicTicketView> {
    const ticket = await this.byAccessCode(accessCode);
    const board = await this.board.load(ticket.hallId);
    const category = board.categories.find((c) => c.id === ticket.categoryId);
    return {
      ...board.ticketView(board.byId.get(ticket.id) ?? ticket),
      categoryName: category?.name ?? '',
      issuedAt: ticket.issuedAt.toISOString(),
    };
  }

  /**
   * For the managers' monitor: waiting and longest wait per category, and the windows with what
   * they call or serve — from the waiting and at-window indexes, without the board's estimates,
   * which read the hall's recent services.
   */
  async hallQueue(hallId: string): Promise<Pick<DisplayState, 'waiting' | 'windows'>> {
    const at = this.clock.now();
    const [categories, windows] = await Promise.all([this.halls.categoriesOf(hallId), this.halls.windowsOf(hallId)]);
    const active = windows.filter((w) => w.active);
    const [waiting, current]: [{ category_id: string; n: number; oldest: Date }[], Ticket[]] = await Promise.all([
      this.dataSource.query(
        `select category_id, count(*)::int as n, min(enqueued_at) as oldest from tickets where hall_id = $1 and status = 'waiting' group by 1`,
        [hallId],
      ),
      this.dataSource.getRepository(Ticket).find({ where: { windowId: In(active.map((w) => w.id)), status: In(['called', 'serving']) } }),
    ]);
    const byCategory = new Map(waiting.map((w) => [w.category_id, w]));
    return {
      waiting: categories.map((c) => {
        const w = byCategory.get(c.id);
        return {
          categoryId: c.id,
          prefix: c.prefix,
          name: c.name,
          waiting: w?.n ?? 0,
          longestWaitMs: w ? Math.max(0, at.getTime() - new Date(w.oldest).getTime()) : null,
        };
      }),
      windows: active.map((w) => ({
        id: w.id,
        number: w.number,
        name: w.name,
        status: w.status,
        current: currentOf(current.find((t) => t.windowId === w.id)),
      })),
    };
  }

  /**
   * For the staffing planner: tickets issued per local day, local hour of issue and category issued
   * in, over the local days [from, to] (every source: kiosk, phone, appointment, walk-in).
   */
  async arrivalCounts(hallId: string, from: string, to: string): Promise<ArrivalCountRow[]> {
    const hall = await this.halls.getHall(hallId);
    const rows: { local_date: string; hour: number; category_id: string; n: number }[] = await this.dataSource.query(
      `select to_char(local_date, 'YYYY-MM-DD') as local_date, extract(hour from issued_at at time zone $4)::int as hour,
              issue_category_id as category_id, count(*)::int as n
         from tickets where hall_id = $1 and local_date between $2::date and $3::date
        group by 1, 2, 3`,
      [hallId, from, to, hall.timezone],
    );
    return rows.map((r) => ({ localDate: r.local_date, hour: r.hour, categoryId: r.category_id, count: r.n }));
  }

  /** For the staffing planner: per category served in, the tickets served (start → finish) over the local days [from, to] and their mean service time. */
  async serviceTimes(hallId: string, from: string, to: string): Promise<ServiceTimeRow[]> {
    const rows: { category_id: string; served: number; mean_ms: string }[] = await this.dataSource.query(
      `select category_id, count(*)::int as served, avg(extract(epoch from finished_at - started_at) * 1000) as mean_ms
         from tickets where hall_id = $1 and local_date between $2::date and $3::date and started_at is not null and finished_at is not null
        group by 1`,
      [hallId, from, to],
    );
    return rows.map((r) => ({ categoryId: r.category_id, served: r.served, meanServiceMinutes: Number(r.mean_ms) / 60_000 }));
  }

  /**
   * For the staffing planner's Erlang A: over the local days [from, to], the citizens who gave up
   * (cancelled while waiting, or a no-show for good when called: gone before their turn) and the time every
   * ticket spent waiting (issue or requeue → its next move; spans still open are left out).
   */
  async patienceHistory(hallId: string, from: string, to: string): Promise<{ gaveUp: number; waitingMs: number }> {
    const [row]: { gave_up: number; waiting_ms: string }[] = await this.dataSource.query(
      `select (count(*) filter (where to_status = 'waiting' and next_move = 'cancel')
               + (select count(*) from tickets where hall_id = $1 and local_date between $2::date and $3::date and status = 'no_show'))::int as gave_up,
              coalesce(sum(extract(epoch from to_at - from_at) * 1000) filter (where to_status = 'waiting' and to_at is not null), 0) as waiting_ms
         from (select e.to_status, e.at as from_at, lead(e.at) over w as to_at, lead(e.move) over w as next_move
                 from ticket_events e join tickets t on t.id = e.ticket_id
                where t.hall_id = $1 and t.local_date between $2::date and $3::date
               window w as (partition by e.ticket_id order by e.id)) spans`,
      [hallId, from, to],
    );
    return { gaveUp: row.gave_up, waitingMs: Number(row.waiting_ms) };
  }

  /**
   * For the staff figures: over the local days [from, to], the windows' open spans with the clerk at
   * them (an open window counts up to `now`), the tickets served with their last call, start and
   * finish, and every span a ticket waited (issue or requeue → its next move) under its category.
   */
  async staffActivity(hallId: string, from: string, to: string, now: Date): Promise<StaffActivityRows> {
    const hall = await this.halls.getHall(hallId);
    const [open, visits, waits]: [
      { window_id: string; clerk_id: string | null; from_at: Date; to_at: Date | null }[],
      { window_id: string; served_by: string | null; called_at: Date; started_at: Date; finished_at: Date }[],
      { category_id: string; from_at: Date; to_at: Date | null }[],
    ] = await Promise.all([
      this.dataSource.query(
        `select window_id, clerk_id, from_at, to_at from (
           select window_id, clerk_id, status, at as from_at, lead(at) over (partition by window_id order by at, id) as to_at
             from window_events where hall_id = $1 and (at at time zone $4)::date between $2::date and $3::date) e
          where status = 'open'`,
        [hallId, from, to, hall.timezone],
      ),
      this.dataSource.query(
        `select window_id, served_by, called_at, started_at, finished_at from tickets
          where hall_id = $1 and local_date between $2::date and $3::date and window_id is not null
            and called_at is not null and started_at is not null and finished_at is not null`,
        [hallId, from, to],
      ),
      this.dataSource.query(
        `select category_id, from_at, to_at from (
           select t.category_id, e.to_status, e.at as from_at, lead(e.at) over (partition by e.ticket_id order by e.id) as to_at
             from ticket_events e join tickets t on t.id = e.ticket_id
            where t.hall_id = $1 and t.local_date between $2::date and $3::date) w
          where to_status = 'waiting'`,
        [hallId, from, to],
      ),
    ]);
    const end = (at: Date | null) => Math.min(at ? new Date(at).getTime() : Infinity, now.getTime());
    return {
      openSpans: open.map((o) => ({ windowId: o.window_id, clerkId: o.clerk_id, from: new Date(o.from_at).getTime(), to: end(o.to_at) })),
      visits: visits.map((v) => ({
        windowId: v.window_id,
        clerkId: v.served_by,
        calledAt: new Date(v.called_at).getTime(),
        startedAt: new Date(v.started_at).getTime(),
        finishedAt: new Date(v.finished_at).getTime(),
      })),
      waits: waits.map((w) => ({ categoryId: w.category_id, from: new Date(w.from_at).getTime(), to: end(w.to_at) })),
    };
  }

  /**
   * The first `depth` tickets of a category's queue (not those transferred to a window) with the
   * places ahead of each that the citizen's page shows (planHallQueue orders a category queue on its
   * own), read in the caller's transaction. The rule only ever takes a lane's head, so the heads of
   * the category's two lanes give the front exactly, at a few rows however long the queue is.
   */
  /**
   * The front of each named category queue (its first `depth` tickets in call order, transferred
   * ones left out), all read in one statement: a batch of moves asks for every queue it advanced.
   */
  async queueFronts(
    em: EntityManager,
    queues: readonly { hallId: string; categoryId: string; now: Date }[],
    depth: number,
  ): Promise<QueueFrontTicket[][]> {
    if (queues.length === 0) return [];
    const halls = new Map<string, Hall>();
    // Through the caller's connection when the cache is cold: a move batch must never wait for a second one.
    for (const { hallId } of queues) if (!halls.has(hallId)) halls.set(hallId, await this.halls.getHall(hallId, em));
    const lane = (
      priority: boolean,
    ) => `(select id, number, priority, seq, ${EPOCH_MS('enqueued_at')} as "enqueuedAt", ${EPOCH_MS('issued_at')} as "issuedAt"
      from tickets where hall_id = q.hall_id and status = 'waiting' and target_window_id is null and category_id = q.category_id
        and priority = ${priority}
      order by enqueued_at, issued_at, seq, id limit $3)`;
    const rows = await preparedQuery<{
      n: string;
      id: string;
      number: string;
      priority: boolean;
      seq: number;
      enqueuedAt: number;
      issuedAt: number;
    }>(
      em,
      `select q.n::int as n, l.* from unnest($1::uuid[], $2::uuid[]) with ordinality as q(hall_id, category_id, n),
         lateral (${lane(true)} union all ${lane(false)}) l`,
      [queues.map((q) => q.hallId), queues.map((q) => q.categoryId), depth],
    );
    return queues.map(({ hallId, categoryId, now }, i) => {
      const own = rows.filter((r) => Number(r.n) === i + 1);
      const hall = halls.get(hallId)!;
      const numbers = new Map(own.map((r) => [r.id, r.number]));
      const order = orderWaiting({
        categories: [{ categoryId, weight: 1 }],
        tickets: own.map((r) => ({
          id: r.id,
          categoryId,
          priorityClass: r.priority ? 'priority' : 'normal',
          enqueuedAt: r.enqueuedAt,
          issuedAt: r.issuedAt,
          seq: r.seq,
        })),
        now: now.getTime(),
        targetWaitMs: hall.targetWaitMinutes * 60_000,
        priorityStreak: 0,
        maxPriorityStreak: hall.maxPriorityStreak,
      });
      return order.slice(0, depth).map((ticketId, ahead) => ({ ticketId, number: numbers.get(ticketId)!, ahead }));
    });
  }

  async byAccessCode(accessCode: string): Promise<Ticket> {
    const ticket =
      typeof accessCode === 'string' && /^[0-9A-Z]{10}$/.test(accessCode)
        ? await this.dataSource.getRepository(Ticket).findOneBy({ accessCode })
        : null;
    if (!ticket) throw new AppException('TICKET_NOT_FOUND');
    return ticket;
  }

  toDto(ticket: Ticket) {
    const { accessCode: _code, ...rest } = ticket;
    return rest;
  }

  private async resolveCategory(hallId: string, dto: IssueTicketDto): Promise<{ category: WindowCategory; itemId: string | null }> {
    if (dto.itemId) {
      const item = await this.catalog.getItem(dto.itemId);
      if (item.hallId !== hallId) throw new AppException('ITEM_NOT_FOUND', { itemId: dto.itemId });
      if (!item.active) throw new AppException('ITEM_INACTIVE', { itemId: dto.itemId });
      if (dto.categoryId && dto.categoryId !== item.categoryId) {
        throw new AppException('BAD_REQUEST', { categoryId: dto.categoryId, itemCategoryId: item.categoryId }, '事项不属于所选的业务类别');
      }
      return { category: await this.halls.getCategory(item.categoryId), itemId: item.id };
    }
    const category = await this.halls.getCategory(dto.categoryId!);
    if (category.hallId !== hallId) throw new AppException('CATEGORY_NOT_FOUND', { categoryId: dto.categoryId });
    return { category, itemId: null };
  }
}
