import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamped';
import type { WindowKind, WindowStatus } from '../domain/window-vocabulary';
import { WindowServedCategory } from './window-served-category.entity';

@Entity('windows')
export class ServiceWindow extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column() number: number;
  @Column() name: string;
  @Column({ type: 'text' }) kind: WindowKind;
  @Column({ type: 'text' }) status: WindowStatus;
  @Column() active: boolean;
  @OneToMany(() => WindowServedCategory, (s) => s.window, { cascade: true, eager: true })
  categories: WindowServedCategory[];
}
