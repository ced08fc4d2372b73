import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketMove, TicketStatus } from '../domain/ticket-state-machine';

export type TicketEventMove = TicketMove | 'issue';
export const TICKET_ACTOR_KINDS = ['user', 'device', 'citizen'] as const;
export type ActorKind = (typeof TICKET_ACTOR_KINDS)[number];

const bigint = { to: (v: number) => v, from: (v: string) => Number(v) };

/** One ticket move, written in the move's transaction; the table refuses updates and deletes. */
@Entity('ticket_events')
export class TicketEvent {
  /** bigint, kept as a string as pg returns it. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: string;
  @Column({ name: 'ticket_id', type: 'uuid' }) ticketId: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ name: 'hall_version', type: 'bigint', transformer: bigint }) hallVersion: number;
  @Column({ type: 'text' }) move: TicketEventMove;
  @Column({ name: 'from_status', type: 'text', nullable: true }) fromStatus: TicketStatus | null;
  @Column({ name: 'to_status', type: 'text' }) toStatus: TicketStatus;
  @Column({ name: 'window_id', type: 'uuid', nullable: true }) windowId: string | null;
  @Column({ name: 'actor_kind', type: 'text' }) actorKind: ActorKind;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'jsonb' }) details: Record<string, unknown>;
  @Column({ type: 'timestamptz' }) at: Date;
}
