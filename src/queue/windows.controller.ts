import { Body, Controller, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/http/uuid.pipe';
import { CallingService } from './calling.service';
import { WindowQueueDto } from './dto/queue-view.dto';
import { CallResultDto, TicketDto } from './dto/ticket.dto';
import { TransferTicketDto } from './dto/transfer-ticket.dto';
import { Acts, movesOf, Reads } from '../auth/staff-route.decorator';

const MOVE_ERRORS =
  '403 TICKET_NOT_AT_WINDOW when the ticket is not at (or, waiting, not for) this window; 409 ILLEGAL_TICKET_MOVE with the allowed moves in details.';

/** A clerk's move of one ticket at this window (POST tickets/:ticketId/<move>): answers the ticket as it is now. */
const TicketMove = movesOf('tickets/:ticketId', ['clerk'], TicketDto, MOVE_ERRORS);

@ApiTags('queue')
@ApiBearerAuth()
@Controller('windows/:windowId')
export class WindowsController {
  constructor(private readonly calling: CallingService) {}

  @Acts('open', ['clerk'], 'Open the window (or come back from a pause); the clerk becomes its occupant', WindowQueueDto)
  open(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.open(p, windowId);
  }

  @Acts(
    'pause',
    ['clerk'],
    'Pause the window (clerk on break): it stops calling; refused while a ticket is called or served',
    WindowQueueDto,
  )
  pause(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.pause(p, windowId);
  }

  @Acts(
    'close',
    ['clerk', 'manager', 'admin'],
    'Close the window (its clerk, or a manager); refused while a ticket is called, served or held there',
    WindowQueueDto,
  )
  close(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.close(p, windowId);
  }

  @Reads(
    'queue',
    ['clerk', 'manager', 'admin'],
    'The clerk console: the current ticket, held tickets and the waiting tickets in the order this window would call them',
    WindowQueueDto,
  )
  queue(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.windowQueue(p, windowId);
  }

  @Acts(
    'call-next',
    ['clerk'],
    'Call the next ticket by the queue rule (partner endpoint); 200 with ticket null when nobody waits for this window',
    CallResultDto,
  )
  callNext(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) windowId: string) {
    return this.calling.callNext(p, windowId);
  }

  @TicketMove('call', 'Call a chosen waiting ticket out of order (recorded in the event with what call-next would have chosen)')
  call(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'call');
  }

  @TicketMove('recall', 'Call the ticket again (counted); the display repeats the call')
  recall(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'recall');
  }

  @TicketMove('start', 'The citizen has arrived: service starts')
  start(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'start');
  }

  @TicketMove('no-show', 'The citizen did not come (过号)')
  noShow(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'no_show');
  }

  @TicketMove('requeue', "Put a no-show ticket back in the queue, behind those already waiting (up to the hall's maxRequeues)")
  requeue(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'requeue');
  }

  @TicketMove('hold', 'Park the ticket being served (e.g. the citizen fetches a document); the window may call the next one')
  hold(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'hold');
  }

  @TicketMove('resume', 'Serve a held ticket again; refused while another ticket is called or served here')
  resume(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'resume');
  }

  @TicketMove(
    'transfer',
    'Send the ticket to another category or window; it keeps its number and waits there',
    `400 TRANSFER_TARGET_INVALID; ${MOVE_ERRORS}`,
  )
  transfer(
    @CurrentPrincipal() p: Principal,
    @Param('windowId', UUID) w: string,
    @Param('ticketId', UUID) t: string,
    @Body() dto: TransferTicketDto,
  ) {
    return this.calling.act(p, w, t, 'transfer', dto);
  }

  @TicketMove('finish', 'Service done')
  finish(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'finish');
  }

  @TicketMove('cancel', 'Cancel a waiting or called ticket (the citizen left)')
  cancel(@CurrentPrincipal() p: Principal, @Param('windowId', UUID) w: string, @Param('ticketId', UUID) t: string) {
    return this.calling.act(p, w, t, 'cancel');
  }
}
