import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { Principal, Role } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { HallsService } from '../halls/halls.service';
import { DisplayState, QueueState, rooms, SubscribeRequest } from '../realtime/realtime-events';
import { RealtimeService, subscribed, subscribedId, Subscription } from '../realtime/realtime.service';
import { Clock } from '../common/time/clock';
import { Ticket } from './entities/ticket.entity';
import { currentOf, QueueBoardService } from './queue-board.service';
import { currentHallVersion } from './queue-ledger';
import { TicketsService } from './tickets.service';

/** The kiosk shows the hall screen's waiting counts beside each category; nothing on the hall screen is personal. */
const DISPLAY_ROLES: Role[] = ['display', 'kiosk', 'clerk', 'manager', 'admin'];
const STAFF_ROLES: Role[] = ['clerk', 'manager', 'admin'];

function allow(principal: Principal | null, roles: Role[], hallId: string): Principal {
  if (!principal) throw new AppException('UNAUTHENTICATED');
  if (!roles.includes(principal.role)) throw new AppException('FORBIDDEN', { role: principal.role, allowed: roles });
  assertHallAccess(principal, hallId);
  return principal;
}

/** Read models of the queue for HTTP and the rooms screens subscribe to. */
@Injectable()
export class QueueViewsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly board: QueueBoardService,
    private readonly tickets: TicketsService,
    private readonly realtime: RealtimeService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.realtime.registerSubscription('display', (p, r) => this.subscribeDisplay(p, r));
    this.realtime.registerSubscription('staff', (p, r) => this.subscribeStaff(p, r));
    this.realtime.registerSubscription('window', (p, r) => this.subscribeWindow(p, r));
    this.realtime.registerSubscription('ticket', (_p, r) => this.subscribeTicket(r));
  }

  async display(principal: Principal, hallId: string): Promise<DisplayState> {
    await this.halls.getHallFor(principal, hallId);
    return (await this.board.load(hallId)).display();
  }

  async queue(principal: Principal, hallId: string): Promise<QueueState> {
    await this.halls.getHallFor(principal, hallId);
    return (await this.board.load(hallId)).queue();
  }

  private async subscribeDisplay(principal: Principal | null, request: SubscribeRequest): Promise<Subscription> {
    const hallId = subscribedId(request, 'hallId');
    allow(principal, DISPLAY_ROLES, hallId);
    return { room: rooms.hallDisplay(hallId), initial: { name: 'display.state', payload: (await this.board.load(hallId)).display() } };
  }

  private async subscribeStaff(principal: Principal | null, request: SubscribeRequest): Promise<Subscription> {
    const hallId = subscribedId(request, 'hallId');
    allow(principal, STAFF_ROLES, hallId);
    return { room: rooms.hallStaff(hallId), initial: { name: 'queue.state', payload: (await this.board.load(hallId)).queue() } };
  }

  private async subscribeWindow(principal: Principal | null, request: SubscribeRequest): Promise<Subscription> {
    const window = await this.halls.getWindow(subscribedId(request, 'windowId'));
    allow(principal, DISPLAY_ROLES, window.hallId);
    // The status as it is now: a cached window's is as of when it was cached.
    const [version, fresh] = await Promise.all([
      currentHallVersion(this.dataSource.manager, window.hallId),
      this.halls.readWindow(window.id),
    ]);
    const current = await this.dataSource.getRepository(Ticket).findOne({
      where: [
        { windowId: window.id, status: 'called' },
        { windowId: window.id, status: 'serving' },
      ],
    });
    return {
      room: rooms.window(window.id),
      initial: {
        name: 'window.state',
        payload: {
          hallId: window.hallId,
          version,
          at: this.clock.now().toISOString(),
          window: { id: window.id, number: window.number, name: window.name, status: fresh?.status ?? window.status },
          current: currentOf(current ?? undefined),
        },
      },
    };
  }

  private async subscribeTicket(request: SubscribeRequest): Promise<Subscription> {
    const ticket = await this.tickets.byAccessCode(subscribed(request, 'accessCode'));
    const board = await this.board.load(ticket.hallId);
    return {
      room: rooms.ticket(ticket.id),
      initial: { name: 'ticket.updated', payload: board.ticketView(board.byId.get(ticket.id) ?? ticket) },
    };
  }
}
