import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { CatalogModule } from '../catalog/catalog.module';
import { HallsModule } from '../halls/halls.module';
import { QueueModule } from '../queue/queue.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { EvaluationService } from './evaluation.service';
import { RatingsController } from './ratings.controller';
import { RatingsService } from './ratings.service';
import { RectificationsController } from './rectifications.controller';
import { RectificationsService } from './rectifications.service';

/** 好差评: citizens' ratings, rectification of 差评, and the measures for the statistics module. */
@Module({
  imports: [QueueModule, CasesModule, HallsModule, CalendarModule, CatalogModule, RealtimeModule],
  controllers: [RatingsController, RectificationsController],
  providers: [RatingsService, RectificationsService, EvaluationService],
  exports: [EvaluationService],
})
export class EvaluationModule {}
