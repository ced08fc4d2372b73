import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WindowKind, WindowStatus } from '../domain/window-vocabulary';
import { WindowServedCategory } from './window-served-category.entity';

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
