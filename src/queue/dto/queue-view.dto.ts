import { ApiProperty } from '@nestjs/swagger';
import { WINDOW_STATUSES, WindowStatus } from '../../halls/domain/window-vocabulary';
import type {
  CallAnnouncement,
  CategoryWaiting,
  DisplayState,
  DisplayWindow,
  QueuedTicket,
  QueueState,
  TicketLiveView,
  WindowCurrentTicket,
} from '../../realtime/realtime-events';
import type { WindowQueueView } from '../calling.service';
import type { PublicTicketView } from '../tickets.service';
import { TICKET_STATUSES, TicketStatus } from '../domain/ticket-state-machine';
import { TICKET_SOURCES, TicketSource } from '../domain/ticket-sources';
import { TicketDto } from './ticket.dto';

/** The hall's version: a screen applies only socket events newer than the snapshot it loaded. */
class VersionedDto {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ description: 'Counter of the changes of the hall, shared by every instance' }) version: number;
  @ApiProperty({ description: 'ISO time of the change' }) at: string;
}

export class WindowCurrentTicketDto implements WindowCurrentTicket {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'A001' }) number: string;
  @ApiProperty({ enum: ['called', 'serving'] }) status: 'called' | 'serving';
  @ApiProperty({ nullable: true, type: String }) calledAt: string | null;
}

export class DisplayWindowDto implements DisplayWindow {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: WINDOW_STATUSES }) status: WindowStatus;
  @ApiProperty({ nullable: true, type: WindowCurrentTicketDto }) current: WindowCurrentTicketDto | null;
}

export class CategoryWaitingDto implements CategoryWaiting {
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ example: 'A' }) prefix: string;
  @ApiProperty() name: string;
  @ApiProperty() waiting: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Of the ticket waiting longest, in ms; null when none waits' })
  longestWaitMs: number | null;
}

export class CallAnnouncementDto extends VersionedDto implements CallAnnouncement {
  @ApiProperty({ description: 'The ticket event row: a display speaks each call once' }) eventId: number;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'A001' }) number: string;
  @ApiProperty({ format: 'uuid' }) windowId: string;
  @ApiProperty() windowNumber: number;
  @ApiProperty() windowName: string;
  @ApiProperty({ example: '请A001号到3号窗口办理' }) voiceText: string;
  @ApiProperty() recallCount: number;
  @ApiProperty() outOfOrder: boolean;
}

export class DisplayStateDto extends VersionedDto implements DisplayState {
  @ApiProperty() hallName: string;
  @ApiProperty({ type: [DisplayWindowDto] }) windows: DisplayWindowDto[];
  @ApiProperty({ type: [CallAnnouncementDto], description: 'Newest first' }) lastCalls: CallAnnouncementDto[];
  @ApiProperty({ type: [CategoryWaitingDto] }) waiting: CategoryWaitingDto[];
}

export class QueuedTicketDto implements QueuedTicket {
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ example: 'A001' }) number: string;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty() priority: boolean;
  @ApiProperty({ enum: TICKET_SOURCES }) source: TicketSource;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) targetWindowId: string | null;
  @ApiProperty() enqueuedAt: string;
  @ApiProperty({ description: 'Tickets expected to be called before this one' }) ahead: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: no open window serves it, so no honest estimate exists' })
  estimatedWaitMs: number | null;
}

export class CategoryQueueDto extends CategoryWaitingDto {
  @ApiProperty({ type: [QueuedTicketDto] }) tickets: QueuedTicketDto[];
}

export class QueueStateDto extends VersionedDto implements QueueState {
  @ApiProperty({ type: [CategoryQueueDto] }) categories: CategoryQueueDto[];
  @ApiProperty({ type: [DisplayWindowDto] }) windows: DisplayWindowDto[];
}

class WindowSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: WINDOW_STATUSES }) status: WindowStatus;
}

export class WindowQueueDto implements WindowQueueView {
  @ApiProperty({ type: WindowSummaryDto }) window: WindowSummaryDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The clerk at the window' }) clerkId: string | null;
  @ApiProperty({ description: 'Priority tickets called in a row (see the hall’s maxPriorityStreak)' }) priorityStreak: number;
  @ApiProperty({ nullable: true, type: TicketDto }) current: TicketDto | null;
  @ApiProperty({ type: [TicketDto] }) held: TicketDto[];
  @ApiProperty({ type: [QueuedTicketDto], description: 'In the order this window would call them' }) waiting: QueuedTicketDto[];
}

class LiveWindowDto {
  @ApiProperty() number: number;
  @ApiProperty() name: string;
}

export class PublicTicketViewDto extends VersionedDto implements TicketLiveView, PublicTicketView {
  @ApiProperty({ example: 'A001' }) number: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty() categoryName: string;
  @ApiProperty() issuedAt: string;
  @ApiProperty({ nullable: true, type: Number }) ahead: number | null;
  @ApiProperty({ nullable: true, type: Number }) estimatedWaitMs: number | null;
  @ApiProperty({ nullable: true, type: LiveWindowDto }) window: LiveWindowDto | null;
  @ApiProperty({ description: 'Called to a window right now: the page alerts the citizen' }) yourTurn: boolean;
}
