import { ApiProperty } from '@nestjs/swagger';
import { PICK_REASONS, PickReason } from '../domain/queue-ordering';
import { TICKET_STATUSES, TicketStatus } from '../domain/ticket-state-machine';
import { TICKET_SOURCES, TicketSource } from '../domain/ticket-sources';
import { TICKET_ACTOR_KINDS } from '../entities/ticket-event.entity';

export class TicketDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ example: 'A001', description: 'Prefix + sequence of the local day; kept on transfer' }) number: string;
  @ApiProperty({ format: 'uuid', description: 'Category it queues in now' }) categoryId: string;
  @ApiProperty({ format: 'uuid', description: 'Category that issued the number' }) issueCategoryId: string;
  @ApiProperty({ example: '2026-03-02', description: 'Hall-local day of issue' }) localDate: string;
  @ApiProperty({ enum: TICKET_SOURCES }) source: TicketSource;
  @ApiProperty() priority: boolean;
  @ApiProperty({ nullable: true, type: String }) priorityReason: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) itemId: string | null;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ description: 'Recalls of the current call' }) recallCount: number;
  @ApiProperty() requeueCount: number;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Window calling, serving or holding it (last one once finished)',
  })
  windowId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Only this window may call it (after a transfer to a window)',
  })
  targetWindowId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) servedBy: string | null;
  @ApiProperty() issuedAt: Date;
  @ApiProperty({ description: 'Start of its current wait; reset by requeue and transfer' }) enqueuedAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'First call: wait time = firstCalledAt − issuedAt' })
  firstCalledAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Latest call: walk time = startedAt − calledAt' }) calledAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Latest start: service time = finishedAt − startedAt' })
  startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
}

export class IssuedTicketDto extends TicketDto {
  @ApiProperty({
    description:
      "Opens the citizen's live ticket page (GET /api/ticket-live/{accessCode}, socket auth.accessCode); printed as a QR code on the slip",
  })
  accessCode: string;
  @ApiProperty({ example: '企业开办与市场准入' }) categoryName: string;
  @ApiProperty({ description: 'Tickets expected before this one' }) ahead: number;
  @ApiProperty({ nullable: true, type: Number, description: 'ms; null when no open window serves the category' }) estimatedWaitMs:
    number | null;
}

export class CallResultDto {
  @ApiProperty({ type: TicketDto, nullable: true, description: 'null: nobody is waiting for this window' })
  ticket: TicketDto | null;
  @ApiProperty({
    enum: PICK_REASONS,
    description: 'The queue rule that picked the ticket (empty: none waits)',
  })
  reason: PickReason;
}

export class TicketEventDto {
  @ApiProperty() id: string;
  @ApiProperty() hallVersion: number;
  @ApiProperty({ example: 'call' }) move: string;
  @ApiProperty({ nullable: true, enum: TICKET_STATUSES }) fromStatus: string | null;
  @ApiProperty({ enum: TICKET_STATUSES }) toStatus: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) windowId: string | null;
  @ApiProperty({ enum: TICKET_ACTOR_KINDS }) actorKind: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty() at: Date;
}

export class TicketWithEventsDto extends TicketDto {
  @ApiProperty({ type: [TicketEventDto] }) events: TicketEventDto[];
}
