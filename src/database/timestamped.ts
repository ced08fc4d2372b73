import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

/** The created_at and updated_at of the settings tables (halls and what they hold, items, accounts), set by TypeORM. */
export abstract class Timestamped {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
