import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { withAdvisoryLock } from '../database/migrate';
import { StatsRollupState } from './entities/stats-rollup-state.entity';
import type { RebuildResultDto } from './dto/rebuild.dto';
import {
  CASE_CUBES,
  Cube,
  derivable,
  QUEUE_CUBES,
  RATING_CUBES,
  recomputeCaseDaysSql,
  recomputeQueueHoursSql,
  recomputeRatingDaysSql,
  recomputeWindowDaysSql,
  recomputeWindowStateSql,
  RollupTable,
  sumCubeSql,
  WINDOW_DAYS,
} from './rollup-sql';

const REBUILD_LOCK_KEY = 74_590_006;

interface Target {
  table: string;
  columns: readonly string[];
  /** Rows the handlers may leave behind that a recomputation never produces (every counter back at 0). */
  counters: readonly string[];
  recompute: (hallParam: string | null) => string;
  /** Read from the base tables (so scoped to the hall rebuilt), not from another rebuilt table. */
  fromBase: boolean;
}

const target = (t: RollupTable, recompute: (hallParam: string | null) => string, fromBase = true): Target => ({
  table: t.name,
  columns: [...t.keys, ...t.counters],
  counters: t.counters,
  recompute,
  fromBase,
});

/**
 * A family from its finest cube (computed from the base tables) to its smallest, each coarser
 * one summed from the last one built that holds what it needs: fewer rows to read.
 */
function family(cubes: readonly Cube[], recompute: (hallParam: string | null) => string): Target[] {
  const [finest, ...coarser] = [...cubes].reverse();
  const built = [finest];
  const targets = [target(finest, recompute)];
  for (const c of coarser) {
    const source = built.filter((b) => derivable(c, b)).at(-1)!;
    targets.push(target(c, () => sumCubeSql(`rebuilt_${source.name}`, source, c), false));
    built.push(c);
  }
  return targets;
}

const TARGETS: readonly Target[] = [
  ...family(CASE_CUBES, recomputeCaseDaysSql),
  ...family(QUEUE_CUBES, recomputeQueueHoursSql),
  ...family(RATING_CUBES, recomputeRatingDaysSql),
  target(WINDOW_DAYS, recomputeWindowDaysSql),
  {
    table: 'stats_window_state',
    columns: ['window_id', 'hall_id', 'status', 'clerk_id', 'since'],
    counters: [],
    recompute: recomputeWindowStateSql,
    fromBase: true,
  },
];

/**
 * Recomputes every roll-up from the base tables of the cases, queue and evaluation modules and replaces
 * it, reporting how many rows differed first (0 unless something wrote around the handlers).
 * It locks the roll-ups against writes for its duration: moves that would count wait, moves
 * in flight finish first, so nothing is lost or counted twice. Run by the year generator, at
 * the first start after the stats migration, and by an admin (POST /api/stats/rebuild).
 */
@Injectable()
export class RebuildService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Stats');

  constructor(private readonly dataSource: DataSource) {}

  /** A database that had cases and tickets before the stats module gets its history counted once. */
  async onApplicationBootstrap(): Promise<void> {
    await withAdvisoryLock(this.dataSource, REBUILD_LOCK_KEY, async () => {
      const state = await this.dataSource.getRepository(StatsRollupState).findOneBy({ id: true });
      if (state?.rebuiltAt) return;
      const result = await this.rebuild();
      this.logger.log({ msg: 'statistics roll-ups built from the base tables', tookMs: result.tookMs, rows: result.tables });
    });
  }

  /** `compare: false` skips counting the differences first, e.g. for roll-ups known to be empty. */
  async rebuild(hallId?: string, { compare = true } = {}): Promise<RebuildResultDto> {
    const started = performance.now();
    const tables = await this.dataSource.transaction(async (em) => {
      await em.query(`lock table ${TARGETS.map((t) => t.table).join(', ')} in exclusive mode`);
      const params = hallId ? [hallId] : [];
      const hallParam = hallId ? '$1::uuid' : null;
      const scope = hallId ? 'where hall_id = $1::uuid' : '';
      const results: RebuildResultDto['tables'] = [];
      for (const t of TARGETS) {
        await em.query(`create temp table rebuilt_${t.table} on commit drop as ${t.recompute(hallParam)}`, t.fromBase ? params : []);
        const differences = compare ? await this.differences(em, t, scope, params) : 0;
        await em.query(`delete from ${t.table} ${scope}`, params);
        const [{ count }] = await em.query(
          `with inserted as (insert into ${t.table} (${t.columns.join(', ')}) select ${t.columns.join(', ')} from rebuilt_${t.table} returning 1)
           select count(*)::int as count from inserted`,
        );
        results.push({ table: t.table, rows: count, differences });
      }
      await em.update(StatsRollupState, { id: true }, { rebuiltAt: new Date() });
      return results;
    });
    return { hallId: hallId ?? null, tables, tookMs: Math.round(performance.now() - started) };
  }

  private async differences(em: EntityManager, t: Target, scope: string, params: unknown[]): Promise<number> {
    const columns = t.columns.join(', ');
    const live = t.counters.length ? `${scope ? `${scope} and` : 'where'} not (${t.counters.map((c) => `${c} = 0`).join(' and ')})` : scope;
    const [{ count }] = await em.query(
      `select count(*)::int as count from (
         (select ${columns} from ${t.table} ${live} except all select ${columns} from rebuilt_${t.table})
         union all
         (select ${columns} from rebuilt_${t.table} except all select ${columns} from ${t.table} ${scope})) d`,
      params,
    );
    return count;
  }
}
