import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal, Role } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { parseIsoInstant } from '../common/time/iso-time';
import { AppException } from '../common/errors/app-exception';
import { DomainEvents } from '../events/domain-events';
import { HallsService } from '../halls/halls.service';
import { Clock } from '../common/time/clock';
import { RectificationOpened, rooms, SubscribeRequest } from '../realtime/realtime-events';
import { RealtimeService, Subscription } from '../realtime/realtime.service';
import { RatingChannel, scrubPersonalNumbers, SCORE_LABELS, Score } from './domain/rating-rules';
import {
  allowedRectificationMoves,
  applyRectificationMove,
  lateSteps,
  overdueSql,
  overdueSteps,
  RectificationMove,
  RectificationStatus,
} from './domain/rectification-state-machine';
import {
  CloseDto,
  ContactDto,
  ContactMethod,
  RectificationDto,
  RectificationEventDto,
  RectificationListDto,
  RectificationsQuery,
  RectificationWithEventsDto,
  ReplyDto,
} from './dto/rectification.dto';

const READ_ROLES: Role[] = ['manager', 'admin'];

export interface DueTimes {
  contactDueAt: Date;
  replyDueAt: Date;
}

/** The rating a task is opened for, as just written in the rating's transaction. */
export interface PoorRating {
  id: string;
  hallId: string;
  channel: RatingChannel;
  score: number;
  reasons: string[];
  comment: string | null;
  reference: string;
  windowId: string | null;
  clerkId: string | null;
  ratedAt: Date;
}

interface TaskRow {
  id: string;
  hall_id: string;
  status: RectificationStatus;
  opened_at: Date;
  contact_due_at: Date;
  reply_due_at: Date;
  contacted_at: Date | null;
  contact_method: ContactMethod | null;
  contact_note: string | null;
  contacted_by: string | null;
  replied_at: Date | null;
  reply_outcome: string | null;
  citizen_satisfied: boolean | null;
  replied_by: string | null;
  closed_at: Date | null;
  close_note: string | null;
  closed_by: string | null;
  rating_id: string;
  channel: RatingChannel;
  ticket_id: string | null;
  case_id: string | null;
  reference: string;
  score: number;
  comment: string | null;
  reasons: string[];
  window_id: string | null;
  clerk_id: string | null;
  category_id: string;
  department_id: string | null;
  item_id: string | null;
  rated_at: Date;
}

const TASK_SELECT = `
  select t.id, t.hall_id, t.status, t.opened_at, t.contact_due_at, t.reply_due_at,
         t.contacted_at, t.contact_method, t.contact_note, t.contacted_by,
         t.replied_at, t.reply_outcome, t.citizen_satisfied, t.replied_by,
         t.closed_at, t.close_note, t.closed_by,
         r.id as rating_id, r.channel, r.ticket_id, r.case_id, r.reference, r.score, r.comment, r.reasons,
         r.window_id, r.clerk_id, r.category_id, r.department_id, r.item_id, r.rated_at
    from rectification_tasks t
    join ratings r on r.id = t.rating_id`;

/** Free text typed by staff is scrubbed like the citizen's: the task holds nothing personal either. */
const scrubbed = (text: string | undefined): string | null => (text ? scrubPersonalNumbers(text) : null);

/**
 * Rectification tasks (整改) of 差评: opened by the rating in its own transaction, then worked
 * by the hall's managers. Every change appends a rectification_events row in the same
 * transaction, and manager screens hear of it over the hall's managers room.
 */
@Injectable()
export class RectificationsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly calendar: CalendarService,
    private readonly realtime: RealtimeService,
    private readonly clock: Clock,
    private readonly domainEvents: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.realtime.registerSubscription('rectifications', (p, r) => this.subscribe(p, r));
  }

  /** When a task opened at `openedAt` must have its contact and its reply, on the hall's working-day calendar. */
  async dueTimes(hallId: string, openedAt: Date): Promise<DueTimes> {
    const hall = await this.halls.getHall(hallId);
    const start = openedAt.getTime();
    // No suspensions or extensions apply to a task, so the base due is the due.
    const [contact, reply] = await Promise.all([
      this.calendar.dueFor(hallId, start, { value: hall.rectifyContactWorkingDays, unit: 'working_days' }),
      this.calendar.dueFor(hallId, start, { value: hall.rectifyReplyWorkingDays, unit: 'working_days' }),
    ]);
    return { contactDueAt: new Date(contact.baseDueMs), replyDueAt: new Date(reply.baseDueMs) };
  }

  /** Inside the rating's transaction: the task and its 'open' event. Announce it after the commit. */
  async openWithin(em: EntityManager, rating: PoorRating, due: DueTimes): Promise<RectificationOpened> {
    const [task] = await em.query(
      `insert into rectification_tasks (rating_id, hall_id, status, opened_at, contact_due_at, reply_due_at)
       values ($1, $2, 'open', $3, $4, $5) returning id`,
      [rating.id, rating.hallId, rating.ratedAt, due.contactDueAt, due.replyDueAt],
    );
    await this.appendEvent(
      em,
      task.id,
      rating.hallId,
      'open',
      null,
      'open',
      null,
      { ratingId: rating.id, score: rating.score, contactDueAt: due.contactDueAt, replyDueAt: due.replyDueAt },
      rating.ratedAt,
    );
    return {
      taskId: task.id,
      hallId: rating.hallId,
      ratingId: rating.id,
      score: rating.score,
      reasons: rating.reasons,
      comment: rating.comment,
      channel: rating.channel,
      reference: rating.reference,
      windowId: rating.windowId,
      clerkId: rating.clerkId,
      openedAt: rating.ratedAt.toISOString(),
      contactDueAt: due.contactDueAt.toISOString(),
      replyDueAt: due.replyDueAt.toISOString(),
    };
  }

  announceOpened(opened: RectificationOpened): void {
    this.realtime.publish({ name: 'rectification.opened', rooms: [rooms.hallManagers(opened.hallId)], payload: opened });
  }

  async list(principal: Principal, hallId: string, query: RectificationsQuery): Promise<RectificationListDto> {
    await this.halls.getHallFor(principal, hallId);
    const now = this.clock.now();
    const params: unknown[] = [hallId];
    const conditions = ['t.hall_id = $1'];
    if (query.status) conditions.push(`t.status = $${params.push(query.status)}`);
    if (query.overdue !== undefined) {
      const overdue = overdueSql('t', `$${params.push(now)}`);
      conditions.push(query.overdue ? overdue : `not ${overdue}`);
    }
    const where = conditions.join(' and ');
    const [{ total }] = await this.dataSource.query(`select count(*)::int as total from rectification_tasks t where ${where}`, params);
    const rows: TaskRow[] = await this.dataSource.query(
      `${TASK_SELECT} where ${where} order by t.opened_at desc, t.id limit $${params.length + 1} offset $${params.length + 2}`,
      [...params, query.limit ?? 50, query.offset ?? 0],
    );
    return { items: rows.map((row) => toDto(row, now)), total };
  }

  async get(principal: Principal, taskId: string): Promise<RectificationWithEventsDto> {
    const row = await this.findRow(this.dataSource.manager, taskId);
    assertHallAccess(principal, row.hall_id);
    const events: EventRow[] = await this.dataSource.query(
      `select id::text as id, move, from_status, to_status, actor_kind, actor_id, details, at
         from rectification_events where task_id = $1 order by id`,
      [taskId],
    );
    return {
      ...toDto(row, this.clock.now()),
      events: events.map((e): RectificationEventDto => ({
        id: e.id,
        move: e.move,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        actorKind: e.actor_kind,
        actorId: e.actor_id,
        details: e.details,
        at: e.at,
      })),
    };
  }

  contact(principal: Principal, taskId: string, dto: ContactDto): Promise<RectificationDto> {
    return this.move(principal, taskId, 'contact', (row, now) => {
      // ContactDto has already refused anything parseIsoInstant cannot read.
      const contactedAt = dto.contactedAt ? new Date(parseIsoInstant(dto.contactedAt)!) : now;
      if (contactedAt.getTime() < row.opened_at.getTime() || contactedAt.getTime() > now.getTime()) {
        throw new AppException('RECTIFICATION_TIME_INVALID', { contactedAt, openedAt: row.opened_at, now });
      }
      return {
        set: { contacted_at: contactedAt, contact_method: dto.method, contact_note: scrubbed(dto.note), contacted_by: principal.id },
        details: { contactedAt, method: dto.method },
      };
    });
  }

  reply(principal: Principal, taskId: string, dto: ReplyDto): Promise<RectificationDto> {
    return this.move(principal, taskId, 'reply', (_row, now) => ({
      set: { replied_at: now, reply_outcome: scrubbed(dto.outcome), citizen_satisfied: dto.citizenSatisfied, replied_by: principal.id },
      details: { citizenSatisfied: dto.citizenSatisfied },
    }));
  }

  close(principal: Principal, taskId: string, dto: CloseDto): Promise<RectificationDto> {
    return this.move(principal, taskId, 'close', (_row, now) => ({
      set: { closed_at: now, close_note: scrubbed(dto.note), closed_by: principal.id },
      details: {},
    }));
  }

  /**
   * One step by a manager: the row is locked, so two managers recording the same step at once
   * get one success and one 409 with what is allowed now.
   */
  private async move(
    principal: Principal,
    taskId: string,
    move: RectificationMove,
    step: (row: TaskRow, now: Date) => { set: Record<string, unknown>; details: Record<string, unknown> },
  ): Promise<RectificationDto> {
    const now = this.clock.now();
    const { hallId, to } = await this.dataSource.transaction(async (em) => {
      const row = await this.findRow(em, taskId, true);
      assertHallAccess(principal, row.hall_id);
      const result = applyRectificationMove(row.status, move);
      if (!result.ok)
        throw new AppException('ILLEGAL_RECTIFICATION_MOVE', { taskId, status: result.status, move, allowed: result.allowed });
      const { set, details } = step(row, now);
      const columns = Object.keys(set);
      await em.query(`update rectification_tasks set status = $2, ${columns.map((c, i) => `${c} = $${i + 3}`).join(', ')} where id = $1`, [
        taskId,
        result.to,
        ...columns.map((c) => set[c]),
      ]);
      await this.appendEvent(em, taskId, row.hall_id, move, row.status, result.to, principal.id, details, now);
      await this.domainEvents.publish(em, {
        name: 'rectification.moved',
        payload: {
          taskId,
          ratingId: row.rating_id,
          hallId: row.hall_id,
          channel: row.channel,
          windowId: row.window_id,
          clerkId: row.clerk_id,
          categoryId: row.category_id,
          departmentId: row.department_id,
          itemId: row.item_id,
          score: row.score,
          ratedAt: row.rated_at,
          from: row.status,
          to: result.to,
        },
      });
      return { hallId: row.hall_id, to: result.to };
    });
    this.realtime.publish({
      name: 'rectification.updated',
      rooms: [rooms.hallManagers(hallId)],
      payload: { taskId, hallId, move, status: to, at: now.toISOString() },
    });
    return toDto(await this.findRow(this.dataSource.manager, taskId), this.clock.now());
  }

  private async findRow(em: EntityManager, taskId: string, forUpdate = false): Promise<TaskRow> {
    const [row] = await em.query(`${TASK_SELECT} where t.id = $1 ${forUpdate ? 'for update of t' : ''}`, [taskId]);
    if (!row) throw new AppException('RECTIFICATION_NOT_FOUND', { taskId });
    return row;
  }

  private async appendEvent(
    em: EntityManager,
    taskId: string,
    hallId: string,
    move: RectificationMove | 'open',
    from: RectificationStatus | null,
    to: RectificationStatus,
    actorId: string | null,
    details: Record<string, unknown>,
    at: Date,
  ): Promise<void> {
    await em.query(
      `insert into rectification_events (task_id, hall_id, move, from_status, to_status, actor_kind, actor_id, details, at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [taskId, hallId, move, from, to, actorId ? 'user' : 'citizen', actorId, details, at],
    );
  }

  private async subscribe(principal: Principal | null, request: SubscribeRequest): Promise<Subscription> {
    if (!principal) throw new AppException('UNAUTHENTICATED');
    if (!READ_ROLES.includes(principal.role)) throw new AppException('FORBIDDEN', { role: principal.role, allowed: READ_ROLES });
    const hallId = request.hallId;
    if (typeof hallId !== 'string' || !hallId) throw new AppException('BAD_REQUEST', { missing: 'hallId' });
    assertHallAccess(principal, hallId);
    return { room: rooms.hallManagers(hallId) };
  }
}

interface EventRow {
  id: string;
  move: string;
  from_status: RectificationStatus | null;
  to_status: RectificationStatus;
  actor_kind: 'citizen' | 'user';
  actor_id: string | null;
  details: Record<string, unknown>;
  at: Date;
}

function toDto(row: TaskRow, now: Date): RectificationDto {
  const times = {
    status: row.status,
    contactDueAt: row.contact_due_at,
    replyDueAt: row.reply_due_at,
    contactedAt: row.contacted_at,
    repliedAt: row.replied_at,
  };
  const overdue = overdueSteps(times, now);
  return {
    id: row.id,
    hallId: row.hall_id,
    status: row.status,
    rating: {
      id: row.rating_id,
      channel: row.channel,
      ticketId: row.ticket_id,
      caseId: row.case_id,
      reference: row.reference,
      score: row.score,
      level: SCORE_LABELS[row.score as Score],
      comment: row.comment,
      reasons: row.reasons,
      windowId: row.window_id,
      clerkId: row.clerk_id,
      categoryId: row.category_id,
      departmentId: row.department_id,
      itemId: row.item_id,
      ratedAt: row.rated_at,
    },
    openedAt: row.opened_at,
    contactDueAt: row.contact_due_at,
    replyDueAt: row.reply_due_at,
    overdue: overdue.length > 0,
    overdueSteps: overdue,
    lateSteps: lateSteps(times),
    allowedMoves: allowedRectificationMoves(row.status),
    contactedAt: row.contacted_at,
    contactMethod: row.contact_method,
    contactNote: row.contact_note,
    contactedBy: row.contacted_by,
    repliedAt: row.replied_at,
    replyOutcome: row.reply_outcome,
    citizenSatisfied: row.citizen_satisfied,
    repliedBy: row.replied_by,
    closedAt: row.closed_at,
    closeNote: row.close_note,
    closedBy: row.closed_by,
  };
}
