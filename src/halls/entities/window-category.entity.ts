import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamped';

@Entity('window_categories')
export class WindowCategory extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ type: 'char', length: 1 }) prefix: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ name: 'daily_cap', type: 'integer', nullable: true }) dailyCap: number | null;
  /** Local time of the hall, 'HH:MM:SS'. */
  @Column({ name: 'issue_from', type: 'time', nullable: true }) issueFrom: string | null;
  @Column({ name: 'issue_until', type: 'time', nullable: true }) issueUntil: string | null;
  @Column({ name: 'sort_order' }) sortOrder: number;
  /** 实名取号: a ticket at the kiosk or by phone, and a booking of its items, needs the applicant's resident ID. */
  @Column({ name: 'real_name' }) realName: boolean;
  /** With realName: tickets a person may take in this category per local day (and bookings per item and day). */
  @Column({ name: 'person_daily_limit' }) personDailyLimit: number;
}
