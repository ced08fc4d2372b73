import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { preparedQuery } from '../database/prepared-query';
import type { TicketStatus } from './domain/ticket-state-machine';
import { ActorKind, TicketEvent, TicketEventMove } from './entities/ticket-event.entity';
import { Ticket } from './entities/ticket.entity';

export interface Actor {
  kind: ActorKind;
  id: string | null;
}

export function actorOf(principal: Principal | null | undefined): Actor {
  if (!principal) return { kind: 'citizen', id: null };
  return { kind: principal.kind === 'device' ? 'device' : 'user', id: principal.id };
}

/**
 * Takes the hall's next version (or the next `step` versions, ending with the one returned) in the
 * caller's statement. The row stays locked until commit, so versions follow commit order across
 * instances; taking it in the same statement as the event insert keeps that hot lock to one round
 * trip plus the commit.
 */
export const NEXT_VERSION = (hallParam: string, from = '', step = '1') => `
  insert into queue_hall_versions as hv (hall_id, version) select ${hallParam}::uuid, ${step} ${from}
  on conflict (hall_id) do update set version = hv.version + excluded.version
  returning version`;

export async function currentHallVersion(em: EntityManager, hallId: string): Promise<number> {
  const [row] = await em.query(`select version::text as version from queue_hall_versions where hall_id = $1`, [hallId]);
  return row ? Number(row.version) : 0;
}

/** A ticket's columns under its entity's property names (access code left out, as the entity does), for ticketOf. */
export const TICKET_COLUMNS = (t: string) => `${t}.id, ${t}.hall_id as "hallId", ${t}.issue_category_id as "issueCategoryId",
  ${t}.category_id as "categoryId", ${t}.local_date::text as "localDate", ${t}.seq, ${t}.number, ${t}.source, ${t}.priority,
  ${t}.priority_reason as "priorityReason", ${t}.item_id as "itemId", ${t}.status, ${t}.recall_count as "recallCount",
  ${t}.requeue_count as "requeueCount", ${t}.window_id as "windowId", ${t}.target_window_id as "targetWindowId", ${t}.served_by as "servedBy",
  ${t}.issued_at as "issuedAt", ${t}.enqueued_at as "enqueuedAt", ${t}.first_called_at as "firstCalledAt", ${t}.called_at as "calledAt",
  ${t}.started_at as "startedAt", ${t}.finished_at as "finishedAt"`;

export function ticketOf(row: Record<string, unknown>): Ticket {
  return Object.assign(new Ticket(), row);
}

export interface RecordedMove {
  version: number;
  event: TicketEvent;
}

/**
 * Writes a move the caller has just applied to `ticket`, in one statement: the columns a move can
 * change, the desk's priority streak when given (a call), and the move's event. The event's hall
 * version is given at COMMIT (migration QueueCommitTimeVersions), so the hall's version row is
 * locked only while the move commits; read it with committedMove once the transaction is over.
 */
export async function writeMove(
  em: EntityManager,
  ticket: Ticket,
  move: TicketEventMove,
  from: TicketStatus | null,
  actor: Actor,
  at: Date,
  windowId: string | null,
  details: Record<string, unknown> = {},
  priorityStreak: number | null = null,
): Promise<TicketEvent> {
  const t = ticket;
  const [row] = await preparedQuery<{ id: string }>(
    em,
    `with moved as (
       update tickets set status = $5, recall_count = $11, requeue_count = $12, category_id = $13, window_id = $14, target_window_id = $15,
         served_by = $16, enqueued_at = $17, first_called_at = $18, called_at = $19, started_at = $20, finished_at = $21
       where id = $1),
     desk as (update window_desks set priority_streak = $22, updated_at = $10 where window_id = $6 and $22::int is not null)
     insert into ticket_events (ticket_id, hall_id, move, from_status, to_status, window_id, actor_kind, actor_id, details, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id::text as id`,
    [t.id, t.hallId, move, from, t.status, windowId, actor.kind, actor.id, details, at,
      t.recallCount, t.requeueCount, t.categoryId, t.windowId, t.targetWindowId, t.servedBy, t.enqueuedAt, t.firstCalledAt, t.calledAt,
      t.startedAt, t.finishedAt, priorityStreak],
  );
  return Object.assign(new TicketEvent(), {
    id: row.id, ticketId: t.id, hallId: t.hallId, move, fromStatus: from, toStatus: t.status, windowId, actorKind: actor.kind,
    actorId: actor.id, details, at,
  });
}

/** The event of a committed move with the hall version its commit gave it. */
export async function committedMove(em: EntityManager, event: TicketEvent): Promise<RecordedMove> {
  const [row] = await preparedQuery<{ version: string }>(em, `select hall_version::text as version from ticket_events where id = $1`, [event.id]);
  event.hallVersion = Number(row.version);
  return { version: event.hallVersion, event };
}
