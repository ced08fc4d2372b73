import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { HallScoped } from '../auth/hall-scope.decorator';
import { Roles } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { Answers } from '../common/http/route-decorators';
import { CaseNoticeDto, NoticeMeasuresDto, NoticeMeasuresQuery } from './dto/notice-measures.dto';
import { NotificationsService } from './notifications.service';
import { Reads } from '../auth/staff-route.decorator';

@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('stats/notices')
  @Roles('manager', 'admin')
  @HallScoped({ query: 'hallId' })
  @Answers(
    {
      summary: 'Notices delivered / failed per channel and local day (definition: src/notifications/domain/notice-measures.ts)',
      description: '400 STATS_RANGE_INVALID / NOTICE_RANGE_TOO_LONG, 403 HALL_ACCESS_DENIED.',
    },
    NoticeMeasuresDto,
  )
  measures(@Query() q: NoticeMeasuresQuery): Promise<NoticeMeasuresDto> {
    return this.notifications.measures(q);
  }

  @Reads(
    'cases/:caseId/notices',
    ['clerk', 'approver', 'manager', 'admin'],
    {
      summary: 'The notices a case sent its applicant, per channel, with the masked recipient and the delivery state',
      description: '404 CASE_NOT_FOUND.',
    },
    [CaseNoticeDto],
  )
  caseNotices(@CurrentPrincipal() p: Principal, @Param('caseId', UUID) caseId: string): Promise<CaseNoticeDto[]> {
    return this.notifications.caseNotices(p, caseId);
  }
}
