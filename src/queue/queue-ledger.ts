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

/** Appends the event of a move that the caller has just applied to `ticket`, under a new hall version. */
export async function recordMove(
  em: EntityManager,
  ticket: Ticket,
  move: TicketEventMove,
  from: TicketStatus | null,
  actor: Actor,
  at: Date,
  windowId: string | null,
  details: Record<string, unknown> = {},
): Promise<RecordedMove> {
  const [row] = await em.query(
    `with v as (${NEXT_VERSION('$2')})
     insert into ticket_events (ticket_id, hall_id, hall_version, move, from_status, to_status, window_id, actor_kind, actor_id, details, at)
     select $1::uuid, $2::uuid, v.version, $3::text, $4::text, $5::text, $6::uuid, $7::text, $8::uuid, $9::jsonb, $10::timestamptz from v
     returning id::text as id, hall_version::text as version`,
    [ticket.id, ticket.hallId, move, from, ticket.status, windowId, actor.kind, actor.id, details, at],
  );
  const event = Object.assign(new TicketEvent(), {
    id: row.id, ticketId: ticket.id, hallId: ticket.hallId, hallVersion: Number(row.version), move, fromStatus: from, toStatus: ticket.status,
    windowId, actorKind: actor.kind, actorId: actor.id, details, at,
  });
  return { version: event.hallVersion, event };
}
