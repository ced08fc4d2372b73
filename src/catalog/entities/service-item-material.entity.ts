import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Necessity } from '../domain/catalog-types';
import { ServiceItem } from './service-item.entity';

@Entity('service_item_materials')
export class ServiceItemMaterial {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'item_id', type: 'uuid' }) itemId: string;
  @Column() position: number;
  @Column() name: string;
  @Column({ type: 'text' }) necessity: Necessity;
  @Column() originals: number;
  @Column() copies: number;
  @Column({ type: 'text', nullable: true }) source: string | null;
  @Column({ name: 'form_url', type: 'text', nullable: true }) formUrl: string | null;
  @Column({ name: 'sample_url', type: 'text', nullable: true }) sampleUrl: string | null;
  @Column({ type: 'text', nullable: true }) notes: string | null;
  @ManyToOne(() => ServiceItem, (i) => i.materials, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'item_id' }) item: ServiceItem;
}
