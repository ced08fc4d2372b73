import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one row saying whether the roll-ups have been built from the base tables yet (null: never). */
@Entity('stats_rollup_state')
export class StatsRollupState {
  @PrimaryColumn({ type: 'boolean' }) id: boolean;
  @Column({ name: 'rebuilt_at', type: 'timestamptz', nullable: true }) rebuiltAt: Date | null;
}
