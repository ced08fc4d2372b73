import { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { ActorKind } from './entities/ticket-event.entity';
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
