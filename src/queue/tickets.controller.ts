import { Body, Controller, Get, Ip, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Public } from '../auth/roles.decorator';
import { AnyHall } from '../auth/hall-scope.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { HallReads, Reads } from '../auth/staff-route.decorator';
import { Answers, Creates } from '../common/http/route-decorators';
import { IssueTicketDto } from './dto/issue-ticket.dto';
import { DisplayStateDto, PublicTicketViewDto, QueueStateDto } from './dto/queue-view.dto';
import { IssuedTicketDto, TicketWithEventsDto } from './dto/ticket.dto';
import { QueueViewsService } from './queue-views.service';
import { TicketsService } from './tickets.service';

@ApiTags('queue')
@Controller()
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly views: QueueViewsService,
  ) {}

  @Post('halls/:hallId/tickets')
  @AnyHall("a citizen's phone takes a ticket anonymously; the service checks a kiosk's or a clerk's hall by the ticket's source")
  @Public()
  @ApiBearerAuth()
  @Creates(
    {
      summary:
        "Issue a ticket (取号): from a kiosk (device token), a citizen's phone (anonymous, rate-limited per address) or a clerk at the desk (walk_in)",
      description:
        '409 OUTSIDE_ISSUING_HOURS / DAILY_CAP_REACHED, 404 CATEGORY_NOT_FOUND / ITEM_NOT_FOUND, 403 SOURCE_NOT_ALLOWED / PRIORITY_NOT_ALLOWED, 429 for a flooding phone.',
    },
    IssuedTicketDto,
  )
  issue(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('hallId', UUID) hallId: string,
    @Body() dto: IssueTicketDto,
    @Ip() ip: string,
  ) {
    return this.tickets.issueFor(p, hallId, dto, ip);
  }

  @Reads(
    'tickets/:ticketId',
    ['clerk', 'manager', 'admin'],
    'A ticket with its times and every move (event rows, oldest first)',
    TicketWithEventsDto,
  )
  @ApiBearerAuth()
  get(@CurrentPrincipal() p: Principal, @Param('ticketId', UUID) ticketId: string) {
    return this.tickets.getFor(p, ticketId);
  }

  @Get('ticket-live/:accessCode')
  @Public()
  @Answers("A citizen's own ticket by its access code: status, tickets ahead, estimated wait, the window when called", PublicTicketViewDto)
  live(@Param('accessCode') accessCode: string) {
    return this.tickets.liveView(accessCode);
  }

  @HallReads(
    'halls/:hallId/queue',
    ['clerk', 'manager', 'admin'],
    'Waiting tickets per category with position and estimated wait, and what each window is doing, with the hall version',
    QueueStateDto,
  )
  @ApiBearerAuth()
  queue(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string) {
    return this.views.queue(p, hallId);
  }

  @HallReads(
    'halls/:hallId/display-snapshot',
    ['display', 'clerk', 'manager', 'admin'],
    {
      summary: 'What the hall screen shows (windows and their current tickets, the last calls, waiting per category) with the hall version',
      description: 'A screen loads this on (re)connect, then applies only socket events with a newer version (display.state: not older).',
    },
    DisplayStateDto,
  )
  @ApiBearerAuth()
  snapshot(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string) {
    return this.views.display(p, hallId);
  }
}
