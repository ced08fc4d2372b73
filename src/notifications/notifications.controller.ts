import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { CaseNoticeDto, NoticeMeasuresDto, NoticeMeasuresQuery } from './dto/notice-measures.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('stats/notices')
  @Roles('manager', 'admin')
  @ApiOperation({
    summary: 'Notices delivered / failed per channel and local day (definition: src/notifications/domain/notice-measures.ts)',
    description: '400 STATS_RANGE_INVALID / NOTICE_RANGE_TOO_LONG, 403 HALL_ACCESS_DENIED.',
  })
  @ApiOkResponse({ type: NoticeMeasuresDto })
  measures(@CurrentPrincipal() p: Principal, @Query() q: NoticeMeasuresQuery): Promise<NoticeMeasuresDto> {
    return this.notifications.measures(p, q);
  }

  @Get('cases/:caseId/notices')
  @Roles('clerk', 'approver', 'manager', 'admin')
  @ApiOperation({
    summary: 'The notices a case sent its applicant, per channel, with the masked recipient and the delivery state',
    description: '404 CASE_NOT_FOUND.',
  })
  @ApiOkResponse({ type: [CaseNoticeDto] })
  caseNotices(@CurrentPrincipal() p: Principal, @Param('caseId', UUID) caseId: string): Promise<CaseNoticeDto[]> {
    return this.notifications.caseNotices(p, caseId);
  }
}
