import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { AppException } from '../common/errors/app-exception';
import { HallsService } from '../halls/halls.service';
import { Clock } from '../common/time/clock';
import { localDateTime } from '../common/time/local-day';
import { TicketsService } from '../queue/tickets.service';
import { HallMonitorState, rooms, SubscribeRequest } from '../realtime/realtime-events';
import { RealtimeService, subscribedId, Subscription } from '../realtime/realtime.service';
import { bucketColumns } from './domain/histogram';
import { onTimeMeasures, queueMeasures } from './domain/measures';
import { num } from './report-specs';

/** At most one push per hall and instance in this interval: a rush of calls must not become a rush of snapshots. */
const MONITOR_MIN_INTERVAL_MS = 500;

const MONITOR_ROLES = ['manager', 'admin'];

interface Pending {
  timer: NodeJS.Timeout | null;
  lastPushAt: number;
}

/**
 * The managers' live hall monitor. Nothing polls: the queue's and the cases' committed-change
 * signals reach every instance, and each instance that has a manager of the hall connected
 * rebuilds the snapshot from the database and pushes it to its own sockets in the hall's managers
 * room — the first change at once, further ones at most every MONITOR_MIN_INTERVAL_MS, and a
 * change during the wait always gets a push after it.
 */
@Injectable()
export class MonitorService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Stats');
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly realtime: RealtimeService,
    private readonly halls: HallsService,
    private readonly tickets: TicketsService,
    private readonly cases: CasesService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.realtime.onSignal('queue.changed', ({ hallId }) => this.changed(hallId));
    this.realtime.onSignal('cases.changed', ({ hallId }) => this.changed(hallId));
    this.realtime.registerSubscription('monitor', (p, r) => this.subscribe(p, r));
  }

  onModuleDestroy(): void {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
  }

  async monitorFor(principal: Principal, hallId: string): Promise<HallMonitorState> {
    await this.halls.getHallFor(principal, hallId);
    return this.snapshot(hallId);
  }

  async snapshot(hallId: string): Promise<HallMonitorState> {
    const hall = await this.halls.getHall(hallId);
    const now = this.clock.now();
    const today = localDateTime(now, hall.timezone).date;
    const [queue, levels, [cases], [tickets]] = await Promise.all([
      this.tickets.hallQueue(hallId),
      this.cases.openCaseLevels(hallId, now),
      this.dataSource.query(
        `select coalesce(sum(concluded), 0)::int as concluded, coalesce(sum(on_time), 0)::int as on_time, coalesce(sum(early), 0)::int as early
           from stats_case_item_days where hall_id = $1 and local_date = $2`,
        [hallId, today],
      ),
      this.dataSource.query(
        `select coalesce(sum(called), 0)::int as called, coalesce(sum(no_show), 0)::int as no_show,
                ${bucketColumns('wait')
                  .map((c) => `coalesce(sum(${c}), 0)::int as ${c}`)
                  .join(', ')}
           from stats_queue_days where hall_id = $1 and local_date = $2`,
        [hallId, today],
      ),
    ]);
    const waits = bucketColumns('wait').map((c) => num(tickets[c]));
    const longest = queue.waiting.reduce<number | null>(
      (max, c) => (c.longestWaitMs !== null && (max === null || c.longestWaitMs > max) ? c.longestWaitMs : max),
      null,
    );
    return {
      hallId,
      at: now.toISOString(),
      localDate: today,
      waiting: queue.waiting,
      longestWaitMs: longest,
      windows: queue.windows,
      openWindows: queue.windows.filter((w) => w.status === 'open').length,
      cases: levels,
      today: {
        concluded: cases.concluded,
        onTime: cases.on_time,
        onTimeRate: onTimeMeasures({ concluded: cases.concluded, onTime: cases.on_time, early: cases.early }).onTimeRate,
        called: tickets.called,
        targetWaitRate: queueMeasures({
          called: tickets.called,
          noShow: tickets.no_show,
          waitCounts: waits,
          targetWaitMinutes: hall.targetWaitMinutes,
        }).targetWaitRate,
        noShow: tickets.no_show,
      },
    };
  }

  private changed(hallId: string): void {
    if (!this.realtime.hasLocalRoom(rooms.hallManagers(hallId))) return;
    const p = this.pending.get(hallId) ?? { timer: null, lastPushAt: 0 };
    this.pending.set(hallId, p);
    if (p.timer) return;
    const wait = Math.max(0, p.lastPushAt + MONITOR_MIN_INTERVAL_MS - Date.now());
    p.timer = setTimeout(() => void this.push(hallId, p), wait);
    p.timer.unref();
  }

  private async push(hallId: string, p: Pending): Promise<void> {
    p.timer = null;
    p.lastPushAt = Date.now();
    try {
      const room = rooms.hallManagers(hallId);
      if (this.realtime.hasLocalRoom(room))
        this.realtime.publishLocal({ name: 'monitor.state', rooms: [room], payload: await this.snapshot(hallId) });
    } catch (err) {
      this.logger.error({ msg: 'monitor push failed', hallId, error: (err as Error).message });
    }
  }

  private async subscribe(principal: Principal | null, request: SubscribeRequest): Promise<Subscription> {
    if (!principal) throw new AppException('UNAUTHENTICATED');
    if (!MONITOR_ROLES.includes(principal.role)) throw new AppException('FORBIDDEN', { role: principal.role, allowed: MONITOR_ROLES });
    const hallId = subscribedId(request, 'hallId');
    assertHallAccess(principal, hallId);
    return { room: rooms.hallManagers(hallId), initial: { name: 'monitor.state', payload: await this.snapshot(hallId) } };
  }
}
