import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
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

export interface RecordedMove {
  version: number;
  event: TicketEvent;
}

/**
 * Appends the event of a move that the caller has just applied to `ticket`. Its hall version is
 * given at COMMIT (migration QueueCommitTimeVersions), so the hall's version row is locked only
 * while the move commits; read it with committedMove once the transaction is over.
 */
export async function recordMove(
  em: EntityManager,
  ticket: Ticket,
  move: TicketEventMove,
  from: TicketStatus | null,
  actor: Actor,
  at: Date,
  windowId: string | null,
  details: Record<string, unknown> = {},
): Promise<TicketEvent> {
  const [row] = await em.query(
    `insert into ticket_events (ticket_id, hall_id, move, from_status, to_status, window_id, actor_kind, actor_id, details, at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id::text as id`,
    [ticket.id, ticket.hallId, move, from, ticket.status, windowId, actor.kind, actor.id, details, at],
  );
  return Object.assign(new TicketEvent(), {
    id: row.id, ticketId: ticket.id, hallId: ticket.hallId, move, fromStatus: from, toStatus: ticket.status, windowId, actorKind: actor.kind,
    actorId: actor.id, details, at,
  });
}

/** The event of a committed move with the hall version its commit gave it. */
export async function committedMove(em: EntityManager, event: TicketEvent): Promise<RecordedMove> {
  const [row] = await em.query(`select hall_version::text as version from ticket_events where id = $1`, [event.id]);
  event.hallVersion = Number(row.version);
  return { version: event.hallVersion, event };
}
