import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('window_categories')
export class WindowCategory {
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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
