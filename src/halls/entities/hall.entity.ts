import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamped';

export interface WorkingPeriod {
  start: string;
  end: string;
}

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

@Entity('halls')
export class Hall extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() code: string;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column() timezone: string;
  @Column({ name: 'working_hours', type: 'jsonb' }) workingHours: WorkingPeriod[];
  @Column({ name: 'target_wait_minutes' }) targetWaitMinutes: number;
  @Column({ name: 'warning_yellow_ratio', type: 'numeric', transformer: numeric }) warningYellowRatio: number;
  @Column({ name: 'warning_yellow_min_working_days', type: 'numeric', transformer: numeric }) warningYellowMinWorkingDays: number;
  @Column({ name: 'clock_starts_same_day' }) clockStartsSameDay: boolean;
  @Column({ name: 'max_requeues' }) maxRequeues: number;
  @Column({ name: 'max_priority_streak' }) maxPriorityStreak: number;
  @Column({ name: 'rectify_contact_working_days' }) rectifyContactWorkingDays: number;
  @Column({ name: 'rectify_reply_working_days' }) rectifyReplyWorkingDays: number;
  /** A hall to show, not to run: the simulator drives only these, and the demo clock serves only these. */
  @Column({ name: 'is_demo', update: false }) isDemo: boolean;
}
