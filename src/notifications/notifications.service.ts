import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal } from '../auth/principal';
import { CasesService } from '../cases/cases.service';
import { AppException } from '../common/errors/app-exception';
import { HallsService } from '../halls/halls.service';
import { NoticeCountRow, noticeMeasures } from './domain/notice-measures';
import type { CaseNoticeDto, NoticeMeasuresDto, NoticeMeasuresQuery } from './dto/notice-measures.dto';
import { NotificationOutbox } from './entities/notification-outbox.entity';
import { NoticeTemplates } from './notice-templates';

const MAX_RANGE_DAYS = 366;

/** What staff read about notices: the measures (domain/notice-measures.ts) and a case's notices. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly cases: CasesService,
    private readonly templates: NoticeTemplates,
  ) {}

  async measures(q: NoticeMeasuresQuery): Promise<NoticeMeasuresDto> {
    const { timezone } = await this.halls.getHall(q.hallId);
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (days < 0) throw new AppException('STATS_RANGE_INVALID', { from: q.from, to: q.to });
    if (days > MAX_RANGE_DAYS) throw new AppException('NOTICE_RANGE_TOO_LONG', { from: q.from, to: q.to, maxDays: MAX_RANGE_DAYS });
    const rows: NoticeCountRow[] = await this.dataSource.query(
      `select to_char(last_attempt_at at time zone $4, 'YYYY-MM-DD') as day, channel,
              count(*) filter (where status = 'sent')::int as delivered,
              count(*) filter (where status = 'dead')::int as failed,
              count(*) filter (where status = 'sent' and attempts > 1)::int as retried
       from notification_outbox
       where hall_id = $1 and status in ('sent', 'dead')
         and last_attempt_at >= $2::date::timestamp at time zone $4 and last_attempt_at < ($3::date + 1)::timestamp at time zone $4
       group by 1, 2`,
      [q.hallId, q.from, q.to, timezone],
    );
    const outstanding: { channel: string; count: number }[] = await this.dataSource.query(
      `select channel, count(*)::int as count from notification_outbox
       where hall_id = $1 and status in ('pending', 'failed') group by channel order by channel`,
      [q.hallId],
    );
    return { hallId: q.hallId, from: q.from, to: q.to, ...noticeMeasures(rows), outstanding };
  }

  async caseNotices(principal: Principal, caseId: string): Promise<CaseNoticeDto[]> {
    const summary = await this.cases.getCaseSummary(caseId);
    assertHallAccess(principal, summary.hallId);
    const rows = await this.dataSource
      .getRepository(NotificationOutbox)
      .find({ where: { caseId }, order: { createdAt: 'ASC', channel: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      channel: r.channel,
      recipient: r.recipient,
      text: this.templates.render(r.kind, r.params),
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt,
      sentAt: r.sentAt,
    }));
  }
}
