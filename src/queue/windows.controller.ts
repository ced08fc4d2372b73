import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { CallingService } from './calling.service';
import { CallResultDto, TicketDto } from './dto/ticket.dto';
import { TransferTicketDto } from './dto/transfer-ticket.dto';

const MOVE_ERRORS =
  '403 TICKET_NOT_AT_WINDOW when the ticket is not at (or, waiting, not for) this window; 409 ILLEGAL_TICKET_MOVE with the allowed moves in details.';

@ApiTags('queue')
@ApiBearerAuth()
@Controller('windows/:windowId')
export class WindowsController {
  constructor(private readonly calling: CallingService) {}

  @Post('open')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the window (or come back from a pause); the clerk becomes its occupant' })
  open(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.open(p, windowId);
  }

  @Post('pause')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause the window (clerk on break): it stops calling; refused while a ticket is called or served' })
  pause(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.pause(p, windowId);
  }

  @Post('close')
  @Roles('clerk', 'manager', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the window (its clerk, or a manager); refused while a ticket is called, served or held there' })
  close(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.close(p, windowId);
  }

  @Get('queue')
  @Roles('clerk', 'manager', 'admin')
  @ApiOperation({
    summary: 'The clerk console: the current ticket, held tickets and the waiting tickets in the order this window would call them',
  })
  queue(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.windowQueue(p, windowId);
  }

  @Post('call-next')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Call the next ticket by the queue rule (partner endpoint); 200 with ticket null when nobody waits for this window',
  })
  @ApiOkResponse({ type: CallResultDto })
  callNext(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.callNext(p, windowId);
  }

  @Post('tickets/:ticketId/call')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Call a chosen waiting ticket out of order (recorded in the event with what call-next would have chosen)',
    description: MOVE_ERRORS,
  })
  @ApiOkResponse({ type: TicketDto })
  call(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'call');
  }

  @Post('tickets/:ticketId/recall')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call the ticket again (counted); the display repeats the call', description: MOVE_ERRORS })
  @ApiOkResponse({ type: TicketDto })
  recall(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'recall');
  }

  @Post('tickets/:ticketId/start')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'The citizen has arrived: service starts', description: MOVE_ERRORS })
  @ApiOkResponse({ type: TicketDto })
  start(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'start');
  }

  @Post('tickets/:ticketId/no-show')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'The citizen did not come (过号)', description: MOVE_ERRORS })
  @ApiOkResponse({ type: TicketDto })
  noShow(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'no_show');
  }

  @Post('tickets/:ticketId/requeue')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({
    summary: "Put a no-show ticket back in the queue, behind those already waiting (up to the hall's maxRequeues)",
    description: MOVE_ERRORS,
  })
  @ApiOkResponse({ type: TicketDto })
  requeue(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'requeue');
  }

  @Post('tickets/:ticketId/hold')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Park the ticket being served (e.g. the citizen fetches a document); the window may call the next one',
    description: MOVE_ERRORS,
  })
  @ApiOkResponse({ type: TicketDto })
  hold(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'hold');
  }

  @Post('tickets/:ticketId/resume')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Serve a held ticket again; refused while another ticket is called or served here', description: MOVE_ERRORS })
  @ApiOkResponse({ type: TicketDto })
  resume(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'resume');
  }

  @Post('tickets/:ticketId/transfer')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send the ticket to another category or window; it keeps its number and waits there',
    description: `400 TRANSFER_TARGET_INVALID; ${MOVE_ERRORS}`,
  })
  @ApiOkResponse({ type: TicketDto })
  transfer(
    @CurrentPrincipal() p: Principal,
    @Param('windowId', UUID) w: string,
    @Param('ticketId', UUID) t: string,
    @Body() dto: TransferTicketDto,
  ) {
    return this.calling.act(p, w, t, 'transfer', dto);
  }

  @Post('tickets/:ticketId/finish')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Service done', description: MOVE_ERRORS })
  @ApiOkResponse({ type: TicketDto })
  finish(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'finish');
  }

  @Post('tickets/:ticketId/cancel')
  @Roles('clerk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a waiting or called ticket (the citizen left)', description: MOVE_ERRORS })
  @ApiOkResponse({ type: TicketDto })
  cancel(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'cancel');
  }
}
