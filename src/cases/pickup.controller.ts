import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { StaffPrincipal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { Answers } from '../common/http/route-decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CaseMove } from './case-move.decorator';
import { CaseDto, PickupEntryDto } from './dto/case.dto';
import { ElectronicDeliveryDto, HandOverDto, MailDto, PickupQuery } from './dto/pickup.dto';
import { PickupService } from './pickup.service';
import { HallReads } from '../auth/staff-route.decorator';

/** A delivery other than at the window is refused when the item does not offer it or the case is not ready. */
const DELIVERY_ERRORS = '409 DELIVERY_NOT_OFFERED, ILLEGAL_CASE_MOVE';

/** The unified pickup windows (统一窗口出件). */
@ApiTags('cases: pickup')
@ApiBearerAuth()
@Controller()
export class PickupController {
  constructor(private readonly pickup: PickupService) {}

  @HallReads(
    'halls/:hallId/pickups',
    ['clerk', 'manager'],
    "Results waiting at the pickup windows, oldest first; by pickup code or the applicant's ID number",
    [PickupEntryDto],
  )
  find(@Param('hallId', UUID) hallId: string, @Query() query: PickupQuery) {
    return this.pickup.find(hallId, query);
  }

  @Post('cases/:caseId/hand-over')
  @Roles('clerk')
  @Idempotent()
  @Answers(
    {
      summary: 'Hand the result over at the pickup window the clerk staffs, after the identity check',
      description: '403 IDENTITY_MISMATCH (the attempt is recorded as an event); 409 NOT_AT_PICKUP_WINDOW, ILLEGAL_CASE_MOVE.',
    },
    CaseDto,
    { action: true },
  )
  handOver(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: HandOverDto) {
    return this.pickup.handOver(p, caseId, dto);
  }

  @CaseMove('mail', ['clerk'], 'Send the result by express (carrier and tracking number)', DELIVERY_ERRORS)
  mail(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: MailDto) {
    return this.pickup.mail(p, caseId, dto);
  }

  @CaseMove('delivery-confirmation', ['clerk'], 'The mailed result was delivered')
  confirmDelivery(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string) {
    return this.pickup.confirmDelivery(p, caseId);
  }

  @CaseMove(
    'electronic-delivery',
    ['clerk'],
    'Issue the result as an electronic certificate (电子证照), recording its number',
    DELIVERY_ERRORS,
  )
  deliverElectronically(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ElectronicDeliveryDto) {
    return this.pickup.deliverElectronically(p, caseId, dto);
  }
}
