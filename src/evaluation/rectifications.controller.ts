import { Body, Controller, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/http/uuid.pipe';
import {
  CloseDto,
  ContactDto,
  RectificationDto,
  RectificationListDto,
  RectificationsQuery,
  RectificationWithEventsDto,
  ReplyDto,
} from './dto/rectification.dto';
import { RectificationsService } from './rectifications.service';
import { HallReads, movesOf, Reads } from '../auth/staff-route.decorator';

const MOVE_ERRORS =
  '404 RECTIFICATION_NOT_FOUND, 403 HALL_ACCESS_DENIED for another hall, 409 ILLEGAL_RECTIFICATION_MOVE with the moves allowed now.';

/** A manager's move of one rectification task (POST rectifications/:taskId/<move>): answers the task as it is now. */
const RectificationMove = movesOf('rectifications/:taskId', ['manager'], RectificationDto, MOVE_ERRORS);

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class RectificationsController {
  constructor(private readonly rectifications: RectificationsService) {}

  @HallReads(
    'halls/:hallId/rectifications',
    ['manager', 'admin'],
    "Rectification tasks of a hall's 差评, newest first, by status and overdue; each says which steps are overdue or were late",
    RectificationListDto,
  )
  list(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Query() query: RectificationsQuery) {
    return this.rectifications.list(p, hallId, query);
  }

  @Reads(
    'rectifications/:taskId',
    ['manager', 'admin'],
    'A rectification task with its rating and every change (event rows, oldest first)',
    RectificationWithEventsDto,
  )
  get(@CurrentPrincipal() p: Principal, @Param('taskId', UUID) taskId: string) {
    return this.rectifications.get(p, taskId);
  }

  @RectificationMove(
    'contact',
    'Record that the citizen was contacted: when and how (open → contacted)',
    `400 RECTIFICATION_TIME_INVALID for a time before the 差评 or in the future; ${MOVE_ERRORS}`,
  )
  contact(@CurrentPrincipal() p: Principal, @Param('taskId', UUID) taskId: string, @Body() dto: ContactDto) {
    return this.rectifications.contact(p, taskId, dto);
  }

  @RectificationMove('reply', 'Record the rectification and the reply to the citizen, and whether they are satisfied (contacted → replied)')
  reply(@CurrentPrincipal() p: Principal, @Param('taskId', UUID) taskId: string, @Body() dto: ReplyDto) {
    return this.rectifications.reply(p, taskId, dto);
  }

  @RectificationMove('close', 'Close a replied task (replied → closed)')
  close(@CurrentPrincipal() p: Principal, @Param('taskId', UUID) taskId: string, @Body() dto: CloseDto) {
    return this.rectifications.close(p, taskId, dto);
  }
}
