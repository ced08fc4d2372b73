import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { Answers, Downloads } from '../common/http/route-decorators';
import { EXPORT_MEDIA_TYPES, ExportService } from '../stats/export.service';
import { PlanExportQuery, PlanQuery, SaveRosterDto, SimulateDto, WhatIfDto } from './dto/staffing-request.dto';
import { PlanDto, RosterSavedDto, SimulateResultDto, WhatIfResultDto } from './dto/staffing-response.dto';
import { planColumns } from './staffing-export-columns';
import { StaffingService } from './staffing.service';
import { Acts, Reads } from '../auth/staff-route.decorator';

const ERRORS =
  '400 VALIDATION_FAILED (a malformed or out-of-range figure), STAFFING_NO_WINDOWS (a row with 0 windows); ' +
  '403 HALL_ACCESS_DENIED (a manager asking for another hall); 404 HALL_NOT_FOUND, CATEGORY_NOT_FOUND (a category unknown or of another hall).';
const MODELS =
  'erlang-c: M/M/N, P(wait) = C(N, a) with a = λ·s, 达标率 = 1 − C·e^(−(N−a)·t/s), mean wait C·s/(N−a); a ≥ N is unstable (stable: false, ' +
  'meanWaitMinutes null). erlang-a: M/M/N+M, citizens give up after an exponential patience (patienceMinutes, default 30), solved exactly on the ' +
  "birth–death chain; 达标率 = called within the target ÷ called, as the hall measures it. targetWaitMinutes defaults to the hall's, targetShare to 0.9.";

@ApiTags('staffing')
@ApiBearerAuth()
@HallScoped()
@Controller('halls/:hallId/staffing')
export class StaffingController {
  constructor(
    private readonly staffing: StaffingService,
    private readonly exports: ExportService,
  ) {}

  @Acts(
    'what-if',
    ['manager', 'admin'],
    {
      summary:
        '窗口配置 what-if: per hour and category, the expected 等候达标率, wait, utilisation and the fewest windows that reach the target, from figures given',
      description: `${MODELS} ${ERRORS}`,
    },
    WhatIfResultDto,
  )
  whatIf(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Body() dto: WhatIfDto) {
    return this.staffing.whatIf(p, hallId, dto);
  }

  @Acts(
    'simulate',
    ['manager', 'admin'],
    {
      summary: "The what-if rows run through the discrete-event simulator (seeded), measured figures beside the model's",
      description:
        'Each row is simulated alone in its steady state: Poisson arrivals, exponential service (and patience for erlang-a), FCFS, ' +
        'about 60,000 citizens (fewer when many rows share a request) or 5,000 hours after a 10-hour warm-up. An unstable row has no steady state: it is run for one 8-hour day from an empty hall. ' +
        ERRORS,
    },
    SimulateResultDto,
  )
  simulate(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Body() dto: SimulateDto) {
    return this.staffing.simulate(p, hallId, dto);
  }

  @Reads(
    'plan',
    ['manager', 'admin'],
    {
      summary:
        'The plan of a day: per working hour and category, forecast arrivals with their spread, measured service time, planned and recommended windows, expected figures',
      description:
        'Forecast: the same weekday over the last `weeks` weeks (ordinary days: not among the first 3 working days of a month nor the first after a ' +
        "long holiday), times a month-start or after-holiday factor per category where half a year of history shows one. Service: the category's mean " +
        "start → finish over the same weeks, else the hall's, else 10 minutes. Planned: the saved roster, else the active windows serving the category. " +
        `${MODELS} 400 CLOCK_OUT_OF_RANGE (a date beyond the hall's calendar); 403 HALL_ACCESS_DENIED; 404 HALL_NOT_FOUND.`,
    },
    PlanDto,
  )
  plan(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Query() q: PlanQuery) {
    return this.staffing.plan(p, hallId, q);
  }

  @Get('plan/export')
  @Roles('manager', 'admin')
  @Downloads(
    {
      summary: 'The plan of a day as CSV (UTF-8 with a byte-order mark) or Excel',
      description: 'Same query and errors as the plan.',
    },
    EXPORT_MEDIA_TYPES,
  )
  async planExport(
    @CurrentPrincipal() p: Principal,
    @Param('hallId', UUID) hallId: string,
    @Query() q: PlanExportQuery,
    @Res() res: FastifyReply,
  ) {
    const { format, ...query } = q;
    const plan = await this.staffing.plan(p, hallId, query);
    await this.exports.write(
      res,
      format,
      { title: '窗口配置', fileName: `staffing_${plan.date}`, columns: planColumns(plan.categories) },
      plan.rows,
    );
  }

  @Put('roster')
  @Roles('manager', 'admin')
  @Answers(
    {
      summary: 'Save the planned windows of a day per hour and category (the roster the plan and the what-if use)',
      description:
        'Entries given replace those saved for the same hour and category; others stay. 400 VALIDATION_FAILED, STAFFING_DUPLICATE_ROW (an hour ' +
        "and category twice), STAFFING_WINDOWS_EXCEED_HALL (more than the hall's active windows); 403 HALL_ACCESS_DENIED; 404 CATEGORY_NOT_FOUND.",
    },
    RosterSavedDto,
  )
  saveRoster(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Body() dto: SaveRosterDto) {
    return this.staffing.saveRoster(p, hallId, dto);
  }
}
