import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { KeyedBatcher, settle, Settled } from '../common/batching/keyed-batcher';
import { AppException } from '../common/errors/app-exception';
import { preparedQuery } from '../database/prepared-query';
import { Clock } from '../common/time/clock';
import { NEXT_VERSION } from './queue-ledger';

/** One ticket to number and write: everything but the number, the times and the hall version. */
export interface IssueDraft {
  id: string;
  hallId: string;
  categoryId: string;
  prefix: string;
  localDate: string;
  /** null: no daily cap (also for a checked-in appointment, which already holds its place). */
  cap: number | null;
  source: string;
  priority: boolean;
  priorityReason: string | null;
  itemId: string | null;
  accessCode: string;
  actorKind: string;
  actorId: string | null;
  details: Record<string, unknown>;
  /** 实名取号: the keyed fingerprint of the applicant's ID number. */
  personIndex?: string | null;
}

export interface IssuedRow {
  seq: number;
  number: string;
  eventId: string;
  version: number;
  /** When the ticket was written: the issue time of every ticket of its batch. */
  at: Date;
}

/** Enough to absorb a rush, small enough that a batch stays one short statement. */
const MAX_BATCH = 100;

/**
 * Writes tickets in batches per hall and day (KeyedBatcher). Every ticket takes its category's
 * counter row and the hall's version row until its transaction commits; one by one, a rush waits
 * on the hall's row a commit at a time, together it waits once per batch.
 *
 * A batch is one statement, so it commits or fails whole; its numbers and hall versions follow
 * the order of the requests. The tickets of a category that would go past its daily cap are left
 * out of the batch and written one by one afterwards, so that the numbers up to the cap are still
 * given out.
 */
@Injectable()
export class IssueBatcher {
  private readonly batches = new KeyedBatcher<IssueDraft, IssuedRow>(MAX_BATCH, (drafts) => this.writeBatch(drafts));

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  issue(draft: IssueDraft): Promise<IssuedRow> {
    return this.batches.submit(`${draft.hallId}/${draft.localDate}`, draft);
  }

  /** Alone, in the caller's transaction: for an issue that writes more than the ticket (a checked-in appointment). */
  async issueIn(em: EntityManager, draft: IssueDraft): Promise<IssuedRow> {
    const row = (await this.write(em, [draft])).get(draft.id);
    if (!row) throw capReached(draft);
    return row;
  }

  private async writeBatch(drafts: IssueDraft[]): Promise<Settled<IssuedRow>[]> {
    const rows = await this.write(this.dataSource.manager, drafts);
    const settled: Settled<IssuedRow>[] = [];
    for (const draft of drafts) {
      const row = rows.get(draft.id);
      settled.push(row ? { ok: true, value: row } : await settle(this.issueIn(this.dataSource.manager, draft)));
    }
    return settled;
  }

  /**
   * One statement. Each category's counter moves by its number of tickets in the batch, or not at
   * all if that would pass its cap (counters locked in category order, then the hall's version
   * row, the same order for every writer, so batches of two instances cannot deadlock). The
   * tickets of the counters that moved take the numbers in between; the hall version moves by
   * their count and each issue event takes one of those versions. Returns the written tickets by id.
   */
  private async write(em: EntityManager, drafts: IssueDraft[]): Promise<Map<string, IssuedRow>> {
    const [first] = drafts;
    const at = this.clock.now();
    const rows = await preparedQuery<{ id: string; seq: number; number: string; event_id: string; version: string }>(
      em,
      `with req as (
         select r.*, row_number() over (partition by r.category_id order by r.n) as k
         from unnest($3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::text[], $8::boolean[], $9::text[], $10::uuid[], $11::text[], $12::text[],
                     $13::uuid[], $14::jsonb[], $16::text[])
           with ordinality as r(id, category_id, prefix, cap, source, priority, priority_reason, item_id, access_code, actor_kind, actor_id, details,
                                person_index, n)),
       need as (select category_id, count(*)::int as cnt, min(cap) as cap from req group by category_id),
       counter as (
         insert into ticket_counters as c (hall_id, category_id, local_date, last_seq)
         select $1::uuid, category_id, $2::date, cnt from need where cap is null or cnt <= cap order by category_id
         on conflict (hall_id, category_id, local_date) do update set last_seq = c.last_seq + excluded.last_seq
           where c.last_seq + excluded.last_seq <= coalesce((select cap from need where need.category_id = excluded.category_id), 2147483647)
         returning category_id, last_seq),
       granted as (
         select req.*, counter.last_seq - need.cnt + req.k as seq, row_number() over (order by req.n) as rank, count(*) over () as total
         from req join counter using (category_id) join need using (category_id)),
       ticket as (
         insert into tickets (id, hall_id, issue_category_id, category_id, local_date, seq, number, source, priority, priority_reason,
                              item_id, status, access_code, issued_at, enqueued_at, person_index)
         select id, $1::uuid, category_id, category_id, $2::date, seq, prefix || case when seq < 1000 then lpad(seq::text, 3, '0') else seq::text end,
                source, priority, priority_reason, item_id, 'waiting', access_code, $15::timestamptz, $15::timestamptz, person_index
         from granted
         returning id, seq, number),
       v as (${NEXT_VERSION('$1', 'from (select max(total) as total from granted) g where g.total > 0', 'g.total::bigint')}),
       e as (
         insert into ticket_events (ticket_id, hall_id, hall_version, move, from_status, to_status, actor_kind, actor_id, details, at)
         select granted.id, $1::uuid, v.version - granted.total + granted.rank, 'issue', null, 'waiting', granted.actor_kind, granted.actor_id,
                granted.details, $15::timestamptz
         from granted, v
         order by granted.rank
         returning id, ticket_id, hall_version)
       select ticket.id, ticket.seq, ticket.number, e.id::text as event_id, e.hall_version::text as version
       from e join ticket on ticket.id = e.ticket_id`,
      [
        first.hallId,
        first.localDate,
        drafts.map((d) => d.id),
        drafts.map((d) => d.categoryId),
        drafts.map((d) => d.prefix),
        drafts.map((d) => d.cap),
        drafts.map((d) => d.source),
        drafts.map((d) => d.priority),
        drafts.map((d) => d.priorityReason),
        drafts.map((d) => d.itemId),
        drafts.map((d) => d.accessCode),
        drafts.map((d) => d.actorKind),
        drafts.map((d) => d.actorId),
        drafts.map((d) => JSON.stringify(d.details)),
        at,
        drafts.map((d) => d.personIndex ?? null),
      ],
    );
    return new Map(rows.map((r) => [r.id, { seq: r.seq, number: r.number, eventId: r.event_id, version: Number(r.version), at }]));
  }
}

function capReached(draft: IssueDraft): AppException {
  return new AppException('DAILY_CAP_REACHED', { categoryId: draft.categoryId, dailyCap: draft.cap, localDate: draft.localDate });
}
