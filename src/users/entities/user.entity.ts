import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamped';
import type { StaffRole } from '../../auth/principal';

@Entity('users')
export class User extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() username: string;
  @Column({ name: 'password_hash', select: false }) passwordHash: string;
  @Column({ name: 'display_name' }) displayName: string;
  @Column({ type: 'text' }) role: StaffRole;
  @Column({ name: 'department_id', type: 'uuid', nullable: true }) departmentId: string | null;
  @Column() active: boolean;
  /** See UserAccess.sessionGeneration; read for signing in only. */
  @Column({ name: 'session_generation', select: false }) sessionGeneration: number;
  /** Set by an admin's password (a new account, a reset) or a seed outside demo mode: replaced at the next sign-in. */
  @Column({ name: 'must_change_password' }) mustChangePassword: boolean;
  @Column({ name: 'password_changed_at', type: 'timestamptz', select: false }) passwordChangedAt: Date;
  /** Filled from user_halls by the service. */
  hallIds: string[];
}
