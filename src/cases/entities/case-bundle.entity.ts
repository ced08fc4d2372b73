import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 一件事一次办: one application covering several items, one case per item, worked in parallel. */
@Entity('case_bundles')
export class CaseBundle {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column() name: string;
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true }) ticketId: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Set when the last of its cases leaves the open statuses. */
  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true }) concludedAt: Date | null;
}
