import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NoticeChannel, NoticeKind, NoticeParams, NoticeStatus } from '../domain/notice-kinds';

/** One notice on one channel, written in the transaction of the change it tells of (migrations/1795301800000). */
@Entity('notification_outbox')
export class NotificationOutbox {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ type: 'text' }) kind: NoticeKind;
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true }) ticketId: string | null;
  @Column({ type: 'text' }) channel: NoticeChannel;
  /** The live page's room, or the masked phone: never the phone itself. */
  @Column({ type: 'text' }) recipient: string;
  @Column({ name: 'template_key', type: 'text' }) templateKey: string;
  @Column({ type: 'jsonb' }) params: NoticeParams;
  @Column({ type: 'int' }) occurrence: number;
  @Column({ type: 'text' }) status: NoticeStatus;
  @Column({ type: 'int' }) attempts: number;
  @Column({ name: 'next_attempt_at', type: 'timestamptz' }) nextAttemptAt: Date;
  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true }) lastAttemptAt: Date | null;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;
}
