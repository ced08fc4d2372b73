import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeviceRole } from '../../auth/principal';

@Entity('device_tokens')
export class DeviceToken {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ type: 'text' }) kind: DeviceRole;
  @Column() name: string;
  @Column({ name: 'token_hash', select: false }) tokenHash: string;
  /** The last characters, so an admin can tell tokens apart without the secret. */
  @Column({ name: 'token_hint' }) tokenHint: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
}
