import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { WindowServedCategory } from './window-served-category.entity';

export const WINDOW_KINDS = ['comprehensive', 'pickup', 'consultation'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const WINDOW_STATUSES = ['open', 'paused', 'closed'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];

@Entity('windows')
export class ServiceWindow {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column() number: number;
  @Column() name: string;
  @Column({ type: 'text' }) kind: WindowKind;
  @Column({ type: 'text' }) status: WindowStatus;
  @Column() active: boolean;
  @OneToMany(() => WindowServedCategory, (s) => s.window, { cascade: true, eager: true })
  categories: WindowServedCategory[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
