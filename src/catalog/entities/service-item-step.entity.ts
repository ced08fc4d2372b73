import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceItem } from './service-item.entity';

@Entity('service_item_steps')
export class ServiceItemStep {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'item_id', type: 'uuid' }) itemId: string;
  @Column() position: number;
  @Column() name: string;
  @Column({ name: 'time_share_percent' }) timeSharePercent: number;
  @Column({ name: 'department_id', type: 'uuid', nullable: true }) departmentId: string | null;
  @ManyToOne(() => ServiceItem, (i) => i.steps, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'item_id' }) item: ServiceItem;
}
