import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { Audited } from '../audit/audited.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { Answers, Downloads } from '../common/http/route-decorators';
import { RESOLUTION_DOC } from './domain/histogram';
import { HallMonitorDto } from './dto/monitor.dto';
import { RebuildResultDto } from './dto/rebuild.dto';
import {
  CasesExportQuery,
  OnlineExportQuery,
  CasesQuery,
  OnTimeExportQuery,
  OnTimeQuery,
  OverdueExportQuery,
  OverdueQuery,
  QueueExportQuery,
  QueueQuery,
  RatingsExportQuery,
  RatingsReportQuery,
  RebuildQuery,
  StaffExportQuery,
  StaffQuery,
  WindowLoadExportQuery,
  WindowLoadQuery,
} from './dto/stats-query.dto';
import {
  CasesReportDto,
  OnTimeReportDto,
  OverdueCaseDetailDto,
  OverdueListDto,
  QueueReportDto,
  RatingsReportDto,
  StaffReportDto,
  WindowLoadReportDto,
} from './dto/stats-report.dto';
import {
  CASE_COLUMNS,
  ON_TIME_COLUMNS,
  overdueColumns,
  QUEUE_COLUMNS,
  RATING_COLUMNS,
  STAFF_COLUMNS,
  WINDOW_LOAD_COLUMNS,
} from './export-columns';
import { EXPORT_MEDIA_TYPES, ExportService } from './export.service';
import { MeasureRow, onlineExportRows } from './online-export-rows';
import { OnlineApplicationsService } from '../cases/online-applications.service';
import { NotificationsService } from '../notifications/notifications.service';
import { MonitorService } from './monitor.service';
import { RebuildService } from './rebuild.service';
import { StatsService } from './stats.service';

const ERRORS =
  '400 STATS_RANGE_INVALID (from after to), STATS_RANGE_TOO_LONG (3 years or more), STATS_GROUPING_INVALID (with the groupings offered), ' +
  'VALIDATION_FAILED (a malformed date or id, a filter the report does not take); 403 HALL_ACCESS_DENIED (a manager asking for another hall); ' +
  '404 HALL_NOT_FOUND, DEPARTMENT_NOT_FOUND, ITEM_NOT_FOUND, WINDOW_NOT_FOUND, CATEGORY_NOT_FOUND, USER_NOT_FOUND (an id unknown or of another hall).';
const EXPORT =
  'Streamed as it is read (a database cursor feeds the response), as CSV (UTF-8 with a byte-order mark, so Excel shows Chinese) or xlsx; ' +
  'the groups, then a 合计 row. Same query and errors as the report.';
const CASES_DOC =
  'Counted from roll-ups kept in the transaction of every case move, so they are exact at any moment. ' +
  '按时办结率 = concluded within the promised deadline ÷ concluded; a case concluded exactly at its due instant is on time; suspensions move the due by the ' +
  'suspended working time and a granted extension by its days. Withdrawn, aborted, not accepted and returned cases are never in concluded (reported ' +
  'separately in the cases report).';

const fileName = (report: string, q: { from: string; to: string }) => `${report}_${q.from}_${q.to}`;

@ApiTags('stats')
@ApiBearerAuth()
// Every report is the managers' and admins'; a route that differs says so itself (its @Roles overrides this).
@Roles('manager', 'admin')
// The reports name their hall in the query (rebuild's is optional; monitor's is in the path).
@HallScoped({ query: 'hallId' })
@Controller()
export class StatsController {
  constructor(
    private readonly stats: StatsService,
    private readonly exports: ExportService,
    private readonly monitor: MonitorService,
    private readonly rebuilder: RebuildService,
    private readonly online: OnlineApplicationsService,
    private readonly notices: NotificationsService,
  ) {}

  @Get('stats/on-time')
  @Answers(
    {
      summary: '按时办结率 per day, week, month, department or item (partner endpoint): concluded, onTime, early, overdue, onTimeRate',
      description: `${CASES_DOC} ${ERRORS}`,
    },
    OnTimeReportDto,
  )
  onTime(@CurrentPrincipal() p: Principal, @Query() q: OnTimeQuery) {
    return this.stats.onTime(p, q);
  }

  @Get('stats/on-time/export')
  @Downloads({ summary: 'The on-time report as CSV or Excel', description: EXPORT }, EXPORT_MEDIA_TYPES)
  async onTimeExport(@CurrentPrincipal() p: Principal, @Query() q: OnTimeExportQuery, @Res() res: FastifyReply) {
    await this.exports.report(res, q.format, await this.stats.onTimePlan(p, q), {
      title: '按时办结率',
      fileName: fileName('on-time', q),
      columns: ON_TIME_COLUMNS,
    });
  }

  @Get('stats/cases')
  @Answers(
    {
      summary:
        'Case measures: accepted, concluded, 按时办结率, 提前办结率, 即办率, 一次办结率, extended, and the excluded outcomes (withdrawn, aborted, not accepted, returned); open overdue now',
      description: `${CASES_DOC} ${ERRORS}`,
    },
    CasesReportDto,
  )
  cases(@CurrentPrincipal() p: Principal, @Query() q: CasesQuery) {
    return this.stats.casesReport(p, q);
  }

  @Get('stats/cases/export')
  @Downloads({ summary: 'The case measures as CSV or Excel', description: EXPORT }, EXPORT_MEDIA_TYPES)
  async casesExport(@CurrentPrincipal() p: Principal, @Query() q: CasesExportQuery, @Res() res: FastifyReply) {
    await this.exports.report(res, q.format, await this.stats.casesPlan(p, q), {
      title: '办件统计',
      fileName: fileName('cases', q),
      columns: CASE_COLUMNS,
    });
  }

  @Get('stats/queue')
  @Answers(
    {
      summary:
        'Queue measures by day, week, month, category, window, clerk or hour: 等候达标率, 弃号率, average and 90th-percentile wait and service time',
      description:
        `Tickets count on their local day and hour of issue, under the category issued in. 等候达标率 = tickets first called within the hall's target wait ÷ called; ` +
        `弃号率 = no-shows ÷ called. ${RESOLUTION_DOC} ${ERRORS}`,
    },
    QueueReportDto,
  )
  queue(@CurrentPrincipal() p: Principal, @Query() q: QueueQuery) {
    return this.stats.queueReport(p, q);
  }

  @Get('stats/queue/export')
  @Downloads({ summary: 'The queue measures as CSV or Excel (durations in minutes)', description: EXPORT }, EXPORT_MEDIA_TYPES)
  async queueExport(@CurrentPrincipal() p: Principal, @Query() q: QueueExportQuery, @Res() res: FastifyReply) {
    await this.exports.report(res, q.format, await this.stats.queuePlan(p, q), {
      title: '排队统计',
      fileName: fileName('queue', q),
      columns: QUEUE_COLUMNS,
    });
  }

  @Get('stats/window-load')
  @Answers(
    {
      summary: 'Window load (窗口饱和度) by day, week, month, window or clerk: service time ÷ time open',
      description: `Open time: the windows' open status (not paused, not closed), cut at local midnight; a window open now counts up to now. Busy: start → finish of the tickets served there. ${ERRORS}`,
    },
    WindowLoadReportDto,
  )
  windowLoad(@CurrentPrincipal() p: Principal, @Query() q: WindowLoadQuery) {
    return this.stats.windowLoad(p, q);
  }

  @Get('stats/window-load/export')
  @Downloads({ summary: 'The window load as CSV or Excel (hours)', description: EXPORT }, EXPORT_MEDIA_TYPES)
  async windowLoadExport(@CurrentPrincipal() p: Principal, @Query() q: WindowLoadExportQuery, @Res() res: FastifyReply) {
    await this.exports.report(res, q.format, await this.stats.windowLoadPlan(p, q), {
      title: '窗口饱和度',
      fileName: fileName('window-load', q),
      columns: WINDOW_LOAD_COLUMNS,
    });
  }

  @Get('stats/ratings')
  @Answers(
    {
      summary: '好评率, 差评率 and rectification rate by day, week, month, window, clerk, category, department, item or channel',
      description:
        "Ratings count on the local day they were given (roll-ups kept from the evaluation module's rating and rectification events): " +
        `好评率 = ratings of 4–5 ÷ ratings, 差评率 = 1–2 ÷ ratings, 整改率 = closed rectification tasks ÷ tasks of the period's ratings, as closed by now. ${ERRORS}`,
    },
    RatingsReportDto,
  )
  ratings(@CurrentPrincipal() p: Principal, @Query() q: RatingsReportQuery) {
    return this.stats.ratings(p, q);
  }

  @Get('stats/ratings/export')
  @Downloads({ summary: 'The rating measures as CSV or Excel', description: EXPORT }, EXPORT_MEDIA_TYPES)
  async ratingsExport(@CurrentPrincipal() p: Principal, @Query() q: RatingsExportQuery, @Res() res: FastifyReply) {
    await this.exports.report(res, q.format, await this.stats.ratingsPlan(p, q), {
      title: '好差评',
      fileName: fileName('ratings', q),
      columns: RATING_COLUMNS,
    });
  }

  @Get('stats/staff')
  @Answers(
    {
      summary:
        'Staff figures per clerk or window: time serving, call → start (the walk to the window), idle time while tickets of their categories waited, served per hour',
      description:
        "Read from the queue's tickets, ticket and window events (not roll-ups), so a period is at most 92 days (400 STATS_STAFF_RANGE_TOO_LONG). " +
        `Each figure is defined in its field's description. ${ERRORS}`,
    },
    StaffReportDto,
  )
  staff(@CurrentPrincipal() p: Principal, @Query() q: StaffQuery) {
    return this.stats.staff(p, q);
  }

  @Get('stats/staff/export')
  @Downloads(
    {
      summary: 'The staff figures as CSV or Excel (hours and minutes)',
      description: 'The groups, then a 合计 row. Same query and errors as the report.',
    },
    EXPORT_MEDIA_TYPES,
  )
  async staffExport(@CurrentPrincipal() p: Principal, @Query() q: StaffExportQuery, @Res() res: FastifyReply) {
    const { format, ...query } = q;
    const report = await this.stats.staff(p, query);
    await this.exports.write(res, format, { title: '人员效能', fileName: fileName('staff', q), columns: STAFF_COLUMNS }, [
      ...report.groups,
      report.total,
    ]);
  }

  @Get('stats/overdue')
  @Answers(
    {
      summary: '超期: open cases (accepted, in review, suspended) past their promised due now, longest overdue first',
      description:
        'A suspended case is overdue when its due had passed before its clock stopped. Drill down with GET /api/stats/overdue/{caseId}. ' +
        '403 HALL_ACCESS_DENIED, 404 for an unknown hall or filter id.',
    },
    OverdueListDto,
  )
  overdue(@CurrentPrincipal() p: Principal, @Query() q: OverdueQuery) {
    return this.stats.overdue(p, q);
  }

  @Get('stats/overdue/export')
  @Downloads(
    {
      summary: "The overdue list as CSV or Excel, instants in the hall's local time",
      description: 'Read from the cases module a page at a time as it is written.',
    },
    EXPORT_MEDIA_TYPES,
  )
  async overdueExport(@CurrentPrincipal() p: Principal, @Query() q: OverdueExportQuery, @Res() res: FastifyReply) {
    const { timezone, departmentName, rows } = await this.stats.overdueExport(p, q);
    await this.exports.write(
      res,
      q.format,
      { title: '超期办件', fileName: 'overdue', columns: overdueColumns(timezone, departmentName) },
      rows,
    );
  }

  @Get('stats/overdue/:caseId')
  @Answers(
    {
      summary: 'Drill-down from the overdue list: the case and every move it went through',
      description: '404 CASE_NOT_FOUND; 403 HALL_ACCESS_DENIED.',
    },
    OverdueCaseDetailDto,
  )
  overdueDetail(@CurrentPrincipal() p: Principal, @Param('caseId', UUID) caseId: string) {
    return this.stats.overdueDetail(p, caseId);
  }

  @Get('halls/:hallId/monitor')
  @HallScoped()
  @Answers(
    {
      summary:
        "The live hall monitor as it stands (大厅监控): waiting and longest wait per category, windows, open cases per warning level, today's on-time rate",
      description:
        'Live: socket.io `subscribe {kind: "monitor", hallId}` joins the hall\'s managers room and receives `monitor.state` with this snapshot at once ' +
        "and again after every committed change of the hall's queue or cases, at most every 500 ms.",
    },
    HallMonitorDto,
  )
  hallMonitor(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string) {
    return this.monitor.monitorFor(p, hallId);
  }

  @Get('stats/online/export')
  @Roles('manager')
  @Downloads(
    {
      summary:
        'The online channel and the notices over local days from..to as CSV or Excel, one row per measure: 网办率, 预审通过率 and time to 预审, 跑动次数 (0, 1, more), 免证 share, notices delivered / failed',
      description:
        'The figures of GET /api/halls/{hallId}/online-measures and GET /api/stats/notices. 400 VALIDATION_FAILED; 403 HALL_ACCESS_DENIED.',
    },
    EXPORT_MEDIA_TYPES,
  )
  async onlineExport(@Query() q: OnlineExportQuery, @Res() res: FastifyReply) {
    const [online, notices] = await Promise.all([
      this.online.measures(q.hallId, q.from, q.to),
      this.notices.measures({ hallId: q.hallId, from: q.from, to: q.to }),
    ]);
    const rows = onlineExportRows(online, notices.total);
    await this.exports.write(
      res,
      q.format,
      {
        title: '网上办事与通知',
        fileName: fileName('online', q),
        columns: [
          { title: '指标', value: (r: MeasureRow) => r.measure },
          { title: '数值', value: (r: MeasureRow) => r.value },
        ],
      },
      rows,
    );
  }

  @Post('stats/rebuild')
  @Roles('admin')
  @Audited({ action: 'stats.rebuild', targetType: 'stats' })
  @Answers(
    {
      summary: 'Recompute the roll-ups from the cases, tickets and window events, and report how many rows differed',
      description: 'Moves that would change a roll-up wait until it is done (seconds for a year of one hall); normally nothing differs.',
    },
    RebuildResultDto,
    { action: true },
  )
  rebuild(@Query() q: RebuildQuery) {
    return this.rebuilder.rebuild(q.hallId);
  }
}
