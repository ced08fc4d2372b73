import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { CatalogModule } from '../catalog/catalog.module';
import { HallsModule } from '../halls/halls.module';
import { QueueModule } from '../queue/queue.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { AcceptanceController } from './acceptance.controller';
import { AcceptanceService } from './acceptance.service';
import { BackOfficeController } from './back-office.controller';
import { CaseClock } from './case-clock';
import { CaseDocumentsService } from './case-documents.service';
import { CaseLedger } from './case-ledger';
import { CaseNotifier } from './case-notifier.service';
import { CasePersonalData } from './case-personal-data.service';
import { CaseSweepService } from './case-sweep.service';
import { CaseViews } from './case-views';
import { CasesService } from './cases.service';
import { CitizenCasesController } from './citizen-cases.controller';
import { DishonestList } from './dishonest-list';
import { CaseBundle } from './entities/case-bundle.entity';
import { CaseEvent } from './entities/case-event.entity';
import { CaseExtensionRequest } from './entities/case-extension-request.entity';
import { CaseObligation } from './entities/case-obligation.entity';
import { CaseSuspension } from './entities/case-suspension.entity';
import { Case } from './entities/case.entity';
import { PickupController } from './pickup.controller';
import { PickupService } from './pickup.service';
import { ReviewService } from './review.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Case, CaseEvent, CaseBundle, CaseObligation, CaseSuspension, CaseExtensionRequest]),
    HallsModule, CatalogModule, CalendarModule, RealtimeModule, QueueModule,
  ],
  controllers: [AcceptanceController, BackOfficeController, PickupController, CitizenCasesController],
  providers: [
    DishonestList, CaseClock, CaseViews, CaseNotifier, CaseLedger, CasesService, AcceptanceService, ReviewService,
    PickupService, CaseDocumentsService, CaseSweepService, CasePersonalData,
  ],
  exports: [CasesService, CaseSweepService, CasePersonalData],
})
export class CasesModule {}
