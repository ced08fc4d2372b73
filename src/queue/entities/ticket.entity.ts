import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketSource } from '../domain/ticket-sources';
import type { TicketStatus } from '../domain/ticket-state-machine';

/**
 * The current state of a ticket; its history is in ticket_events. Holds no name or ID number:
 * a citizen is known only by the number and the access code of the live page.
 */
@Entity('tickets')
export class Ticket {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ name: 'issue_category_id', type: 'uuid' }) issueCategoryId: string;
  @Column({ name: 'category_id', type: 'uuid' }) categoryId: string;
  @Column({ name: 'local_date', type: 'date' }) localDate: string;
  @Column() seq: number;
  @Column() number: string;
  @Column({ type: 'text' }) source: TicketSource;
  @Column() priority: boolean;
  @Column({ name: 'priority_reason', type: 'text', nullable: true }) priorityReason: string | null;
  @Column({ name: 'item_id', type: 'uuid', nullable: true }) itemId: string | null;
  @Column({ type: 'text' }) status: TicketStatus;
  @Column({ name: 'recall_count' }) recallCount: number;
  @Column({ name: 'requeue_count' }) requeueCount: number;
  @Column({ name: 'window_id', type: 'uuid', nullable: true }) windowId: string | null;
  @Column({ name: 'target_window_id', type: 'uuid', nullable: true }) targetWindowId: string | null;
  @Column({ name: 'served_by', type: 'uuid', nullable: true }) servedBy: string | null;
  @Column({ name: 'access_code', select: false }) accessCode: string;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt: Date;
  @Column({ name: 'enqueued_at', type: 'timestamptz' }) enqueuedAt: Date;
  @Column({ name: 'first_called_at', type: 'timestamptz', nullable: true }) firstCalledAt: Date | null;
  @Column({ name: 'called_at', type: 'timestamptz', nullable: true }) calledAt: Date | null;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
