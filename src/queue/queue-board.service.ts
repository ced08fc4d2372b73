import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Hall } from '../halls/entities/hall.entity';
import type { ServiceWindow } from '../halls/entities/service-window.entity';
import type { WindowCategory } from '../halls/entities/window-category.entity';
import { HallsService } from '../halls/halls.service';
import type {
  CallAnnouncement,
  CategoryWaiting,
  DisplayState,
  DisplayWindow,
  QueuedTicket,
  QueueState,
  TicketLiveView,
  WindowCurrentTicket,
} from '../realtime/realtime-events';
import { Clock } from '../common/time/clock';
import { HallQueueInput, planHallQueue, planNewcomer, TicketPlan } from './domain/hall-queue';
import { localDateTime } from '../common/time/local-day';
import { orderWaiting, WaitingTicket } from './domain/queue-ordering';
import type { TicketStatus } from './domain/ticket-state-machine';
import type { TicketSource } from './entities/ticket.entity';
import { currentHallVersion } from './queue-ledger';

/** Used for estimates until a category has finished tickets of its own. */
export const DEFAULT_SERVICE_MS = 8 * 60_000;
const RECENT_SERVICES = 20;
const LAST_CALLS = 10;
const MIN_BOARD_AGE_MS = 20;
const MAX_BOARD_AGE_MS = 1_000;

/** The columns live screens need, times as epoch ms: a busy hall reloads this after every burst of moves. */
export interface BoardTicket {
  id: string;
  number: string;
  seq: number;
  categoryId: string;
  status: TicketStatus;
  priority: boolean;
  source: TicketSource;
  windowId: string | null;
  targetWindowId: string | null;
  issuedAt: number;
  enqueuedAt: number;
  calledAt: number | null;
}

type TicketLike = Pick<BoardTicket, 'id' | 'number' | 'status' | 'categoryId' | 'windowId'>;

export function voiceText(number: string, windowNumber: number): string {
  return `请${number}号到${windowNumber}号窗口办理`;
}

export function callAnnouncement(
  base: { hallId: string; version: number; at: Date; eventId: number },
  ticket: { id: string; number: string },
  window: { id: string; number: number; name: string },
  recallCount: number,
  outOfOrder: boolean,
): CallAnnouncement {
  return {
    hallId: base.hallId,
    version: base.version,
    at: base.at.toISOString(),
    eventId: base.eventId,
    ticketId: ticket.id,
    number: ticket.number,
    windowId: window.id,
    windowNumber: window.number,
    windowName: window.name,
    voiceText: voiceText(ticket.number, window.number),
    recallCount,
    outOfOrder,
  };
}

export function currentOf(
  ticket: { id: string; number: string; status: TicketStatus; calledAt: Date | number | null } | undefined,
): WindowCurrentTicket | null {
  if (!ticket || (ticket.status !== 'called' && ticket.status !== 'serving')) return null;
  return {
    ticketId: ticket.id,
    number: ticket.number,
    status: ticket.status,
    calledAt: ticket.calledAt === null ? null : new Date(ticket.calledAt).toISOString(),
  };
}

/**
 * Everything live screens show about one hall, read at one moment. The version is read first, so
 * the data is never older than the version it is labelled with: a screen that applies only newer
 * versions can never go back to a stale state.
 */
export class HallBoard {
  readonly byId: Map<string, BoardTicket>;
  readonly plan: Map<string, TicketPlan>;
  private readonly newcomers = new Map<string, ReturnType<typeof planNewcomer>>();

  constructor(
    readonly version: number,
    readonly at: Date,
    readonly hall: Hall,
    readonly categories: WindowCategory[],
    readonly windows: ServiceWindow[],
    readonly active: BoardTicket[],
    private readonly planning: HallQueueInput,
    readonly lastCalls: CallAnnouncement[],
    /** Day of `at` in the hall and the last number issued per category on it, when the board was read. */
    private readonly issued: { localDate: string; lastSeq: ReadonlyMap<string, number> },
  ) {
    this.byId = new Map(active.map((t) => [t.id, t]));
    this.plan = planHallQueue(planning);
  }

  /**
   * Place and wait of a ticket, also of one issued after the board was read: placed as if issued
   * at the board's moment, behind the tickets of its category numbered between the board and it
   * (a priority ticket goes ahead of those). Calls made since the board are not known to it, so
   * the answer can be a few places long until the next board; the live page then corrects it.
   */
  planOf(ticket: { id: string; categoryId: string; priority: boolean; seq: number; localDate: string }): TicketPlan {
    const known = this.plan.get(ticket.id);
    if (known) return known;
    const key = `${ticket.priority ? 'priority' : 'normal'}/${ticket.categoryId}`;
    let base = this.newcomers.get(key);
    if (!base) {
      const lastSeq = this.issued.lastSeq.get(ticket.categoryId) ?? 0;
      base = planNewcomer(this.planning, {
        id: '\u0000newcomer',
        categoryId: ticket.categoryId,
        priorityClass: ticket.priority ? 'priority' : 'normal',
        enqueuedAt: this.at.getTime(),
        issuedAt: this.at.getTime(),
        seq: lastSeq + 1,
      });
      this.newcomers.set(key, base);
    }
    const since = ticket.localDate === this.issued.localDate ? (this.issued.lastSeq.get(ticket.categoryId) ?? 0) : 0;
    const between = ticket.priority ? 0 : Math.max(0, ticket.seq - since - 1);
    const ahead = base.ahead + between;
    return { ahead, estimatedWaitMs: base.perPlaceMs === null ? null : Math.round(ahead * base.perPlaceMs) };
  }

  private get stamp() {
    return { hallId: this.hall.id, version: this.version, at: this.at.toISOString() };
  }

  displayWindows(): DisplayWindow[] {
    return this.windows
      .filter((w) => w.active)
      .map((w) => ({
        id: w.id,
        number: w.number,
        name: w.name,
        status: w.status,
        current: currentOf(this.active.find((t) => t.windowId === w.id && (t.status === 'called' || t.status === 'serving'))),
      }));
  }

  waitingOf(categoryId: string): BoardTicket[] {
    return this.active.filter((t) => t.status === 'waiting' && t.categoryId === categoryId);
  }

  categoryWaiting(category: WindowCategory): CategoryWaiting {
    const waiting = this.waitingOf(category.id);
    const oldest = waiting.reduce<number | null>((min, t) => (min === null || t.enqueuedAt < min ? t.enqueuedAt : min), null);
    return {
      categoryId: category.id,
      prefix: category.prefix,
      name: category.name,
      waiting: waiting.length,
      longestWaitMs: oldest === null ? null : Math.max(0, this.at.getTime() - oldest),
    };
  }

  display(): DisplayState {
    return {
      ...this.stamp,
      hallName: this.hall.name,
      windows: this.displayWindows(),
      lastCalls: this.lastCalls,
      waiting: this.categories.map((c) => this.categoryWaiting(c)),
    };
  }

  queued(ticket: BoardTicket): QueuedTicket {
    const plan = this.plan.get(ticket.id);
    return {
      ticketId: ticket.id,
      number: ticket.number,
      categoryId: ticket.categoryId,
      priority: ticket.priority,
      source: ticket.source,
      targetWindowId: ticket.targetWindowId,
      enqueuedAt: new Date(ticket.enqueuedAt).toISOString(),
      ahead: plan?.ahead ?? 0,
      estimatedWaitMs: plan?.estimatedWaitMs ?? null,
    };
  }

  queue(): QueueState {
    return {
      ...this.stamp,
      categories: this.categories.map((c) => ({
        ...this.categoryWaiting(c),
        tickets: this.waitingOf(c.id)
          .map((t) => this.queued(t))
          .sort((a, b) => a.ahead - b.ahead),
      })),
      windows: this.displayWindows(),
    };
  }

  /** Tickets the window would call, in the order it would call them now. */
  windowOrder(window: ServiceWindow, priorityStreak: number): QueuedTicket[] {
    const served = new Map(window.categories.map((c) => [c.categoryId, c.weight]));
    const eligible = this.active.filter(
      (t) => t.status === 'waiting' && (t.targetWindowId === window.id || (t.targetWindowId === null && served.has(t.categoryId))),
    );
    const categories = [...new Set(eligible.map((t) => t.categoryId))].map((categoryId) => ({
      categoryId,
      weight: served.get(categoryId) ?? 1,
    }));
    const order = orderWaiting({
      categories,
      tickets: eligible.map(asWaiting),
      now: this.at.getTime(),
      targetWaitMs: this.hall.targetWaitMinutes * 60_000,
      priorityStreak,
      maxPriorityStreak: this.hall.maxPriorityStreak,
    });
    return order.map((id, position) => ({ ...this.queued(this.byId.get(id)!), ahead: position }));
  }

  /** Also for a ticket no longer active (done, no-show, cancelled), which the board does not hold. */
  ticketView(ticket: TicketLike): TicketLiveView {
    const plan = ticket.status === 'waiting' ? this.plan.get(ticket.id) : undefined;
    const window =
      ticket.windowId && (ticket.status === 'called' || ticket.status === 'serving')
        ? this.windows.find((w) => w.id === ticket.windowId)
        : undefined;
    return {
      ...this.stamp,
      number: ticket.number,
      status: ticket.status,
      categoryId: ticket.categoryId,
      ahead: plan?.ahead ?? null,
      estimatedWaitMs: plan?.estimatedWaitMs ?? null,
      window: window ? { number: window.number, name: window.name } : null,
      yourTurn: ticket.status === 'called',
    };
  }
}

function asWaiting(t: BoardTicket): WaitingTicket & { targetWindowId: string | null } {
  return {
    id: t.id,
    categoryId: t.categoryId,
    priorityClass: t.priority ? 'priority' : 'normal',
    enqueuedAt: t.enqueuedAt,
    issuedAt: t.issuedAt,
    seq: t.seq,
    targetWindowId: t.targetWindowId,
  };
}

const epochMs = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

@Injectable()
export class QueueBoardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly clock: Clock,
  ) {}

  /** Recently read boards of this instance: derived data, never the only copy of anything. */
  private readonly latest = new Map<string, { board: HallBoard; readAt: number; readMs: number }>();
  private readonly reading = new Map<string, Promise<HallBoard>>();
  /** Counts forget() per hall, so that a read started before a move is not kept as recent after it. */
  private readonly forgotten = new Map<string, number>();

  /**
   * A board read at most a moment ago, for answers that may lag a little behind the queue (the
   * place printed on a new ticket): one read serves a rush of issues. How old it may be follows
   * how long reading takes, so a quiet hall gets a fresh board and a hall with thousands waiting
   * spends at most about a tenth of its time reading boards.
   */
  async recent(hallId: string): Promise<HallBoard> {
    const last = this.latest.get(hallId);
    if (last && performance.now() - last.readAt < Math.min(MAX_BOARD_AGE_MS, Math.max(MIN_BOARD_AGE_MS, 10 * last.readMs)))
      return last.board;
    const reading = this.reading.get(hallId);
    if (reading) return reading;
    const board = this.load(hallId).finally(() => {
      if (this.reading.get(hallId) === board) this.reading.delete(hallId);
    });
    this.reading.set(hallId, board);
    return board;
  }

  /** After a move other than an issue: a recent board can no longer stand for the queue. */
  forget(hallId: string): void {
    this.latest.delete(hallId);
    // A read already running may have started before the move: later callers start their own.
    this.reading.delete(hallId);
    this.forgotten.set(hallId, (this.forgotten.get(hallId) ?? 0) + 1);
  }

  async load(hallId: string): Promise<HallBoard> {
    const started = performance.now();
    const generation = this.forgotten.get(hallId) ?? 0;
    const version = await currentHallVersion(this.dataSource.manager, hallId);
    const at = this.clock.now();
    const [hall, categories, windows] = await Promise.all([
      this.halls.getHall(hallId),
      this.halls.categoriesOf(hallId),
      this.halls.windowsOf(hallId),
    ]);
    const today = localDateTime(at, hall.timezone).date;
    const [active, recent, calls, counters] = await Promise.all([
      this.activeTickets(hallId),
      this.recentServiceMs(hallId, at),
      this.dataSource.query(
        `select e.id::text as id, e.hall_version::text as version, e.at, e.window_id, e.details, t.id as ticket_id, t.number
         from ticket_events e join tickets t on t.id = e.ticket_id
         where e.hall_id = $1 and e.move in ('call', 'recall') and t.local_date = $2
         order by e.id desc limit $3`,
        [hallId, today, LAST_CALLS],
      ) as Promise<
        {
          id: string;
          version: string;
          at: Date;
          window_id: string;
          details: { recallCount?: number; outOfOrder?: boolean };
          ticket_id: string;
          number: string;
        }[]
      >,
      this.dataSource.query(`select category_id, last_seq from ticket_counters where hall_id = $1 and local_date = $2`, [
        hallId,
        today,
      ]) as Promise<{ category_id: string; last_seq: number }[]>,
    ]);
    const lastCalls = calls.flatMap((c) => {
      const window = windows.find((w) => w.id === c.window_id);
      if (!window) return [];
      return [
        callAnnouncement(
          { hallId, version: Number(c.version), at: c.at, eventId: Number(c.id) },
          { id: c.ticket_id, number: c.number },
          window,
          c.details.recallCount ?? 0,
          c.details.outOfOrder ?? false,
        ),
      ];
    });
    const board = new HallBoard(
      version,
      at,
      hall,
      categories,
      windows,
      active,
      this.planning(hall, windows, active, recent, at),
      lastCalls,
      {
        localDate: today,
        lastSeq: new Map(counters.map((c) => [c.category_id, c.last_seq])),
      },
    );
    const last = this.latest.get(hallId);
    if ((this.forgotten.get(hallId) ?? 0) === generation && (!last || last.board.version <= version)) {
      const entry = { board, readAt: performance.now(), readMs: performance.now() - started };
      this.latest.set(hallId, entry);
      // Past its age no caller takes it, and a hall with thousands waiting makes a board of tens of megabytes.
      setTimeout(() => {
        if (this.latest.get(hallId) === entry) this.latest.delete(hallId);
      }, MAX_BOARD_AGE_MS).unref();
    }
    return board;
  }

  private activeTickets(hallId: string): Promise<BoardTicket[]> {
    return this.dataSource.query(
      `select id, number, seq, category_id as "categoryId", status, priority, source, window_id as "windowId", target_window_id as "targetWindowId",
              ${epochMs('issued_at')} as "issuedAt", ${epochMs('enqueued_at')} as "enqueuedAt", ${epochMs('called_at')} as "calledAt"
       from tickets where hall_id = $1 and status in ('waiting', 'called', 'serving', 'held')`,
      [hallId],
    );
  }

  /** The last service durations (started → finished) of each category over the past week. */
  private async recentServiceMs(hallId: string, at: Date): Promise<Record<string, number[]>> {
    const rows: { category_id: string; ms: number }[] = await this.dataSource.query(
      `select category_id, ms from (
         select category_id, (extract(epoch from finished_at - started_at) * 1000)::float8 as ms,
                row_number() over (partition by category_id order by finished_at desc) as n
         from tickets
         where hall_id = $1 and status = 'done' and started_at is not null and finished_at > $2::timestamptz - interval '7 days'
       ) recent where n <= $3`,
      [hallId, at, RECENT_SERVICES],
    );
    const byCategory: Record<string, number[]> = {};
    for (const r of rows) (byCategory[r.category_id] ??= []).push(r.ms);
    return byCategory;
  }

  private planning(
    hall: Hall,
    windows: ServiceWindow[],
    active: BoardTicket[],
    recentServiceMs: Record<string, number[]>,
    at: Date,
  ): HallQueueInput {
    return {
      now: at.getTime(),
      tickets: active.filter((t) => t.status === 'waiting').map(asWaiting),
      windows: windows.map((w) => ({ id: w.id, open: w.active && w.status === 'open', categories: w.categories })),
      recentServiceMs,
      defaultServiceMs: DEFAULT_SERVICE_MS,
      targetWaitMs: hall.targetWaitMinutes * 60_000,
      maxPriorityStreak: hall.maxPriorityStreak,
    };
  }
}
