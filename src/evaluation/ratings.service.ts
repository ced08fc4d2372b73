import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { parseIsoInstant } from '../common/time/iso-time';
import { CasesService } from '../cases/cases.service';
import { CatalogService } from '../catalog/catalog.service';
import { AppException } from '../common/errors/app-exception';
import { DomainEvents } from '../events/domain-events';
import { HallsService } from '../halls/halls.service';
import { Clock } from '../common/time/clock';
import { PublicRateLimiter } from '../common/http/public-rate-limiter';
import { TicketsService } from '../queue/tickets.service';
import { isPoor, RATABLE_CASE_STATUSES, RatingChannel, SCORE_LABELS, Score, scrubPersonalNumbers } from './domain/rating-rules';
import type { RectificationStatus } from './domain/rectification-state-machine';
import {
  CaseKeyQuery,
  CaseRatingDto,
  RateCaseDto,
  RateVisitDto,
  RatingDto,
  RatingListDto,
  RatingReceiptDto,
  RatingsQuery,
  VisitRatingDto,
} from './dto/rating.dto';
import { EvaluationService, RatingFilter, ratingFilterSql } from './evaluation.service';
import { RectificationsService } from './rectifications.service';

interface RatingRow {
  id: string;
  channel: RatingChannel;
  ticket_id: string | null;
  case_id: string | null;
  reference: string;
  window_id: string | null;
  clerk_id: string | null;
  category_id: string;
  department_id: string | null;
  item_id: string | null;
  score: number;
  comment: string | null;
  reasons: string[];
  rated_at: Date;
  rectification_id: string | null;
  rectification_status: RectificationStatus | null;
}

/** What is rated, as the owning module told it: everything a rating copies in besides the citizen's answer. */
interface RatedSubject {
  hallId: string;
  channel: RatingChannel;
  ticketId: string | null;
  caseId: string | null;
  reference: string;
  windowId: string | null;
  clerkId: string | null;
  categoryId: string;
  departmentId: string | null;
  itemId: string | null;
}

function receipt(row: Pick<RatingRow, 'id' | 'score' | 'comment' | 'reasons' | 'rated_at'>): RatingReceiptDto {
  return {
    id: row.id,
    score: row.score,
    level: SCORE_LABELS[row.score as Score],
    comment: row.comment,
    reasons: row.reasons,
    ratedAt: row.rated_at,
  };
}

/**
 * Ratings (好差评) are written only here and only by the citizen: the writing routes are public,
 * keyed by the ticket's access code or the case's number and query code, and refuse a staff
 * token; the table refuses updates and deletes. A 差评 opens its rectification task in the same
 * transaction.
 */
@Injectable()
export class RatingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly cases: CasesService,
    private readonly catalog: CatalogService,
    private readonly halls: HallsService,
    private readonly limiter: PublicRateLimiter,
    private readonly clock: Clock,
    private readonly rectifications: RectificationsService,
    private readonly evaluation: EvaluationService,
    private readonly domainEvents: DomainEvents,
  ) {}

  /** 一次一评: the citizen rates their finished visit, on their ticket page or the window's rating pad. */
  async rateVisit(
    principal: Principal | undefined,
    accessCode: string,
    dto: RateVisitDto,
    clientAddress: string | undefined,
  ): Promise<RatingReceiptDto> {
    await this.admit(principal, dto, clientAddress);
    const ticket = await this.tickets.byAccessCode(accessCode);
    if (ticket.status !== 'done') throw new AppException('VISIT_NOT_FINISHED', { number: ticket.number, status: ticket.status });
    return this.record(dto, {
      hallId: ticket.hallId,
      channel: 'visit',
      ticketId: ticket.id,
      caseId: null,
      reference: ticket.number,
      windowId: ticket.windowId,
      clerkId: ticket.servedBy,
      categoryId: ticket.categoryId,
      departmentId: ticket.itemId ? (await this.catalog.getItem(ticket.itemId)).departmentId : null,
      itemId: ticket.itemId,
    });
  }

  /** 一事一评: the citizen rates their case online, proving it theirs with the number and query code. */
  async rateCase(principal: Principal | undefined, dto: RateCaseDto, clientAddress: string | undefined): Promise<RatingReceiptDto> {
    await this.admit(principal, dto, clientAddress);
    const access = await this.cases.verifyCitizenAccess(dto.caseNumber, dto.queryCode);
    const caseNumber = dto.caseNumber.toUpperCase();
    if (!RATABLE_CASE_STATUSES.includes(access.status)) throw new AppException('CASE_NOT_FINISHED', { caseNumber, status: access.status });
    const item = await this.catalog.getItem(access.itemId);
    return this.record(dto, {
      hallId: access.hallId,
      channel: 'case',
      ticketId: null,
      caseId: access.caseId,
      reference: caseNumber,
      windowId: null,
      clerkId: null,
      categoryId: item.categoryId,
      departmentId: access.departmentId,
      itemId: access.itemId,
    });
  }

  /** For the citizen's case page, behind the same rate limit as rating: the number and code are a secret to guess. */
  async caseRating(key: CaseKeyQuery, clientAddress: string | undefined): Promise<CaseRatingDto> {
    await this.limiter.hit('rating', clientAddress);
    const access = await this.cases.verifyCitizenAccess(key.caseNumber, key.queryCode);
    const [row] = await this.dataSource.query(`select id, score, comment, reasons, rated_at from ratings where case_id = $1`, [
      access.caseId,
    ]);
    return {
      caseNumber: key.caseNumber.toUpperCase(),
      caseStatus: access.status,
      ratable: RATABLE_CASE_STATUSES.includes(access.status) && !row,
      rating: row ? receipt(row) : null,
    };
  }

  /** For the citizen's ticket page: whether to offer the rating form, or what was given. */
  async visitRating(accessCode: string): Promise<VisitRatingDto> {
    const ticket = await this.tickets.byAccessCode(accessCode);
    const [row] = await this.dataSource.query(`select id, score, comment, reasons, rated_at from ratings where ticket_id = $1`, [
      ticket.id,
    ]);
    return {
      ticketNumber: ticket.number,
      ticketStatus: ticket.status,
      ratable: ticket.status === 'done' && !row,
      rating: row ? receipt(row) : null,
    };
  }

  /** Before anything is looked up: no staff, the rate limit, then the rules the DTO cannot express. */
  private async admit(principal: Principal | undefined, dto: RateVisitDto, clientAddress: string | undefined): Promise<void> {
    if (principal?.kind === 'user') throw new AppException('RATING_BY_STAFF_FORBIDDEN');
    await this.limiter.hit('rating', clientAddress);
    const reasons = dto.reasons ?? [];
    if (reasons.length > 0 && !isPoor(dto.score)) throw new AppException('RATING_REASONS_ONLY_FOR_POOR', { score: dto.score, reasons });
  }

  private async record(dto: RateVisitDto, subject: RatedSubject): Promise<RatingReceiptDto> {
    // Checked here to answer before the calendar work; uq_ratings_ticket / uq_ratings_case decide under concurrency.
    const [rated] = await this.dataSource.query(`select 1 from ratings where ticket_id = $1 or case_id = $2`, [
      subject.ticketId,
      subject.caseId,
    ]);
    if (rated) throw new AppException('ALREADY_RATED', { reference: subject.reference });

    const ratedAt = this.clock.now();
    const due = isPoor(dto.score) ? await this.rectifications.dueTimes(subject.hallId, ratedAt) : null;
    const comment = dto.comment ? scrubPersonalNumbers(dto.comment) : null;
    const reasons = dto.reasons ?? [];
    const { row, opened } = await this.dataSource.transaction(async (em) => {
      const [row] = await em.query(
        `insert into ratings (hall_id, channel, ticket_id, case_id, reference, window_id, clerk_id, category_id, department_id, item_id,
                              score, comment, reasons, rated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         returning id, score, comment, reasons, rated_at`,
        [
          subject.hallId,
          subject.channel,
          subject.ticketId,
          subject.caseId,
          subject.reference,
          subject.windowId,
          subject.clerkId,
          subject.categoryId,
          subject.departmentId,
          subject.itemId,
          dto.score,
          comment,
          reasons,
          ratedAt,
        ],
      );
      const opened = due
        ? await this.rectifications.openWithin(
            em,
            {
              id: row.id,
              hallId: subject.hallId,
              channel: subject.channel,
              score: dto.score,
              reasons,
              comment,
              reference: subject.reference,
              windowId: subject.windowId,
              clerkId: subject.clerkId,
              ratedAt,
            },
            due,
          )
        : null;
      await this.domainEvents.publish(em, {
        name: 'rating.recorded',
        payload: {
          ratingId: row.id,
          hallId: subject.hallId,
          channel: subject.channel,
          windowId: subject.windowId,
          clerkId: subject.clerkId,
          categoryId: subject.categoryId,
          departmentId: subject.departmentId,
          itemId: subject.itemId,
          score: dto.score,
          ratedAt,
          rectification: opened !== null,
        },
      });
      return { row, opened };
    });
    if (opened) this.rectifications.announceOpened(opened);
    return receipt(row);
  }

  async list(principal: Principal, hallId: string, query: RatingsQuery): Promise<RatingListDto> {
    await this.halls.getHallFor(principal, hallId);
    const filter: RatingFilter = {
      hallId,
      from: query.from ? new Date(parseIsoInstant(query.from)!) : undefined,
      to: query.to ? new Date(parseIsoInstant(query.to)!) : undefined,
      channel: query.channel,
      windowId: query.windowId,
      clerkId: query.clerkId,
      categoryId: query.categoryId,
      departmentId: query.departmentId,
      itemId: query.itemId,
    };
    const params: unknown[] = [];
    let where = ratingFilterSql(filter, params);
    if (query.score !== undefined) where += ` and r.score = $${params.push(query.score)}`;
    const [[{ total }], rows, [measures]] = await Promise.all([
      this.dataSource.query(`select count(*)::int as total from ratings r where ${where}`, params),
      this.dataSource.query(
        `select r.id, r.channel, r.ticket_id, r.case_id, r.reference, r.window_id, r.clerk_id, r.category_id, r.department_id, r.item_id,
                r.score, r.comment, r.reasons, r.rated_at, t.id as rectification_id, t.status as rectification_status
           from ratings r
           left join rectification_tasks t on t.rating_id = r.id
          where ${where}
          order by r.rated_at desc, r.id
          limit $${params.length + 1} offset $${params.length + 2}`,
        [...params, query.limit ?? 50, query.offset ?? 0],
      ) as Promise<RatingRow[]>,
      this.evaluation.ratingMeasures(filter),
    ]);
    return {
      items: rows.map((r): RatingDto => ({
        ...receipt(r),
        channel: r.channel,
        ticketId: r.ticket_id,
        caseId: r.case_id,
        reference: r.reference,
        windowId: r.window_id,
        clerkId: r.clerk_id,
        categoryId: r.category_id,
        departmentId: r.department_id,
        itemId: r.item_id,
        rectificationId: r.rectification_id,
        rectificationStatus: r.rectification_status,
      })),
      total,
      measures,
    };
  }
}
