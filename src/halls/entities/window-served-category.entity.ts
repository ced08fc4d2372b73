import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ServiceWindow } from './service-window.entity';

@Entity('window_served_categories')
export class WindowServedCategory {
  @PrimaryColumn({ name: 'window_id', type: 'uuid' }) windowId: string;
  @PrimaryColumn({ name: 'category_id', type: 'uuid' }) categoryId: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column() weight: number;
  @ManyToOne(() => ServiceWindow, (w) => w.categories, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'window_id' })
  window: ServiceWindow;
}
