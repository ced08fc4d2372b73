import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { HallsModule } from '../halls/halls.module';
import { QueueModule } from '../queue/queue.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { PageChannel } from './channels/page-channel';
import { SmsChannel } from './channels/sms-channel';
import { NotificationOutbox } from './entities/notification-outbox.entity';
import { NoticeDelivery } from './notice-delivery.service';
import { NoticeQueue } from './notice-queue';
import { NoticeTemplates } from './notice-templates';
import { NoticeWriter } from './notice-writer.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** 通知: the outbox written from domain events, its pg-boss delivery worker, the page and SMS channels, the measures. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationOutbox]), CasesModule, QueueModule, HallsModule, RealtimeModule],
  controllers: [NotificationsController],
  providers: [NoticeQueue, NoticeTemplates, PageChannel, SmsChannel, NoticeWriter, NoticeDelivery, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
