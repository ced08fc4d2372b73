import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { HallsModule } from '../halls/halls.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { CallingService } from './calling.service';
import { TicketEvent } from './entities/ticket-event.entity';
import { Ticket } from './entities/ticket.entity';
import { IssueBatcher } from './issue-batcher';
import { QueueBoardService } from './queue-board.service';
import { QueueNotifier } from './queue-notifier.service';
import { QueueViewsService } from './queue-views.service';
import { RealNameRetention } from './real-name-retention.service';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';
import { WindowsController } from './windows.controller';

@Module({
  imports: [TypeOrmModule.forFeature([Ticket, TicketEvent]), HallsModule, CatalogModule, RealtimeModule],
  controllers: [TicketsController, WindowsController],
  providers: [IssueBatcher, QueueBoardService, QueueNotifier, TicketsService, CallingService, QueueViewsService, RealNameRetention],
  exports: [TicketsService],
})
export class QueueModule {}
