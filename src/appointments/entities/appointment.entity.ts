import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** A booked slot (预约). Anonymous like a ticket: the code is the citizen's only key. */
@Entity('appointments')
export class Appointment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ name: 'item_id', type: 'uuid' }) itemId: string;
  @Column({ name: 'category_id', type: 'uuid' }) categoryId: string;
  @Column({ name: 'local_date', type: 'date' }) localDate: string;
  @Column({ name: 'slot_start', type: 'time' }) slotStart: string;
  @Column({ name: 'slot_end', type: 'time' }) slotEnd: string;
  @Column() code: string;
  @Column({ type: 'text' }) status: AppointmentStatus;
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true }) ticketId: string | null;
  @Column({ name: 'booked_at', type: 'timestamptz' }) bookedAt: Date;
  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true }) checkedInAt: Date | null;
  @Column({ name: 'no_show_at', type: 'timestamptz', nullable: true }) noShowAt: Date | null;
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;
}
