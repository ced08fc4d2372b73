import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { preparedQuery } from '../database/prepared-query';
import { DomainEvents, TicketMovedEvent, WindowStatusChangedEvent } from '../events/domain-events';
import {
  acceptedContribution,
  CaseKey,
  closedContribution,
  concludedContribution,
  Contribution,
  QueueKey,
  delta,
  ratingContribution,
  RatingKey,
  rectificationContribution,
  revokedContribution,
  ticketContribution,
} from './domain/contributions';
import { addToCubesSql, CASE_CUBES, Cube, FinestRow, QUEUE_CUBES, RATING_CUBES, splitSpansSql, WINDOW_DAYS } from './rollup-sql';

/**
 * Keeps the roll-ups exact: every case, ticket, window and rating event is counted by a handler that
 * runs inside the transaction of the move, with its EntityManager, so a roll-up commits or rolls
 * back with the change it counts, whichever instance makes it. Each handler is one statement of
 * additive upserts (concurrent moves add to the same row without losing an update).
 */
@Injectable()
export class RollupsService implements OnModuleInit {
  constructor(
    private readonly domainEvents: DomainEvents,
    private readonly calendar: CalendarService,
  ) {}

  onModuleInit(): void {
    this.domainEvents.subscribe('case.accepted', async (em, e) =>
      this.addCase(em, acceptedContribution(e, await this.timezone(em, e.hallId))),
    );
    this.domainEvents.subscribe('case.concluded', async (em, e) =>
      this.addCase(em, concludedContribution(e, await this.timezone(em, e.hallId))),
    );
    this.domainEvents.subscribe('case.closed', async (em, e) => this.addCase(em, closedContribution(e, await this.timezone(em, e.hallId))));
    this.domainEvents.subscribe('case.revoked', async (em, e) =>
      this.addCase(em, revokedContribution(e, await this.timezone(em, e.hallId))),
    );
    this.domainEvents.subscribeAll('ticket.moved', (em, moves) => this.ticketsMoved(em, moves));
    this.domainEvents.subscribe('window.status_changed', (em, e) => this.windowChanged(em, e));
    this.domainEvents.subscribe('rating.recorded', async (em, e) =>
      this.addRating(em, ratingContribution(e, await this.timezone(em, e.hallId))),
    );
    this.domainEvents.subscribe('rectification.moved', async (em, e) =>
      this.addRating(em, rectificationContribution(e, await this.timezone(em, e.hallId))),
    );
  }

  /** From the calendar's per-hall cache, filled through the move's own connection when cold. */
  private async timezone(em: EntityManager, hallId: string): Promise<string> {
    return (await this.calendar.clockFor(hallId, em)).settings.timezone;
  }

  private async addCase(em: EntityManager, { key: k, counters }: Contribution<CaseKey>): Promise<void> {
    const key = {
      hall_id: k.hallId,
      local_date: k.localDate,
      department_id: k.departmentId,
      item_id: k.itemId,
      window_id: k.windowId,
      clerk_id: k.clerkId,
    };
    await this.addToCubes(em, CASE_CUBES, [{ key, counters }]);
  }

  private async addRating(em: EntityManager, contribution: Contribution<RatingKey> | null): Promise<void> {
    if (!contribution) return;
    const { key: k, counters } = contribution;
    const key = {
      hall_id: k.hallId,
      local_date: k.localDate,
      channel: k.channel,
      window_id: k.windowId,
      clerk_id: k.clerkId,
      category_id: k.categoryId,
      department_id: k.departmentId,
      item_id: k.itemId,
    };
    await this.addToCubes(em, RATING_CUBES, [{ key, counters }]);
  }

  /** The moves of one transaction (a batch of windows' moves) in one statement. */
  private async ticketsMoved(em: EntityManager, moves: readonly TicketMovedEvent[]): Promise<void> {
    const changes: Contribution<QueueKey>[] = [];
    for (const { before, after } of moves) {
      const timezone = await this.timezone(em, after.hallId);
      changes.push(...delta(ticketContribution(before, timezone), ticketContribution(after, timezone)));
    }
    const rows = changes.map(({ key: k, counters }) => ({
      key: {
        hall_id: k.hallId,
        local_date: k.localDate,
        hour: k.hour,
        category_id: k.categoryId,
        window_id: k.windowId,
        clerk_id: k.clerkId,
      },
      counters,
    }));
    // A single move's statement is one of a few texts, kept prepared; a batch's depends on how many rows it adds to.
    await this.addToCubes(em, QUEUE_CUBES, rows, moves.length === 1);
  }

  /** One statement of additive upserts, or none when nothing changes. */
  private async addToCubes(em: EntityManager, cubes: readonly Cube[], rows: readonly FinestRow[], prepared = true): Promise<void> {
    const params: unknown[] = [];
    const sql = addToCubesSql(cubes, rows, params);
    if (!sql) return;
    if (prepared) await preparedQuery(em, sql, params);
    else await em.query(sql, params);
  }

  /**
   * Closes the window's running open span (if it was open) into its local days, and starts the
   * next one. Moves of one window are serialised by its desk row, so the state read here is the
   * one the previous move left (not locked here: a row the statement itself updates could not be
   * locked by it, and the desk row already keeps a second move out).
   */
  private async windowChanged(em: EntityManager, e: WindowStatusChangedEvent): Promise<void> {
    const timezone = await this.timezone(em, e.hallId);
    await em.query(
      `with prev as (
         select hall_id, $5::text as tz, window_id, clerk_id, since as from_at, $4::timestamptz as to_at
           from stats_window_state where window_id = $1 and status = 'open'),
       days as (
         insert into ${WINDOW_DAYS.name} as t (hall_id, local_date, window_id, clerk_id, open_ms)
         ${splitSpansSql('prev')}
         on conflict (${WINDOW_DAYS.keys.join(', ')}) do update set open_ms = t.open_ms + excluded.open_ms)
       insert into stats_window_state as s (window_id, hall_id, status, clerk_id, since) values ($1, $2, $3, $6, $4)
       on conflict (window_id) do update set status = excluded.status, clerk_id = excluded.clerk_id, since = excluded.since`,
      [e.windowId, e.hallId, e.status, e.at, timezone, e.clerkId],
    );
  }
}
