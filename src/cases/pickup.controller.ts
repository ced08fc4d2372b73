import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { StaffPrincipal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CaseDto, PickupEntryDto } from './dto/case.dto';
import { ElectronicDeliveryDto, HandOverDto, MailDto, PickupQuery } from './dto/pickup.dto';
import { PickupService } from './pickup.service';

/** The unified pickup windows (统一窗口出件). */
@ApiTags('cases: pickup')
@ApiBearerAuth()
@Controller()
export class PickupController {
  constructor(private readonly pickup: PickupService) {}

  @Get('halls/:hallId/pickups')
  @Roles('clerk', 'manager')
  @ApiOperation({ summary: "Results waiting at the pickup windows, oldest first; by pickup code or the applicant's ID number" })
  @ApiOkResponse({ type: [PickupEntryDto] })
  find(@CurrentPrincipal() p: StaffPrincipal, @Param('hallId', UUID) hallId: string, @Query() query: PickupQuery) {
    return this.pickup.find(p, hallId, query);
  }

  @Post('cases/:caseId/hand-over')
  @Roles('clerk')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    summary: 'Hand the result over at the pickup window the clerk staffs, after the identity check',
    description: '403 IDENTITY_MISMATCH (the attempt is recorded as an event); 409 NOT_AT_PICKUP_WINDOW, ILLEGAL_CASE_MOVE.',
  })
  @ApiOkResponse({ type: CaseDto })
  handOver(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: HandOverDto) {
    return this.pickup.handOver(p, caseId, dto);
  }

  @Post('cases/:caseId/mail')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send the result by express (carrier and tracking number)',
    description: '409 DELIVERY_NOT_OFFERED, ILLEGAL_CASE_MOVE',
  })
  @ApiOkResponse({ type: CaseDto })
  mail(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: MailDto) {
    return this.pickup.mail(p, caseId, dto);
  }

  @Post('cases/:caseId/delivery-confirmation')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'The mailed result was delivered' })
  @ApiOkResponse({ type: CaseDto })
  confirmDelivery(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string) {
    return this.pickup.confirmDelivery(p, caseId);
  }

  @Post('cases/:caseId/electronic-delivery')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue the result as an electronic certificate (电子证照), recording its number',
    description: '409 DELIVERY_NOT_OFFERED, ILLEGAL_CASE_MOVE',
  })
  @ApiOkResponse({ type: CaseDto })
  deliverElectronically(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ElectronicDeliveryDto) {
    return this.pickup.deliverElectronically(p, caseId, dto);
  }
}
