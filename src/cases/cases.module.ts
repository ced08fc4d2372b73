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
import { CaseFilesController } from './case-files.controller';
import { CaseFilesService } from './case-files.service';
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
import { CaseFile } from './entities/case-file.entity';
import { CaseExtensionRequest } from './entities/case-extension-request.entity';
import { CaseObligation } from './entities/case-obligation.entity';
import { CaseSuspension } from './entities/case-suspension.entity';
import { Case } from './entities/case.entity';
import { StagedFile } from './entities/staged-file.entity';
import { OnlineApplicationsController } from './online-applications.controller';
import { OnlineApplicationsService } from './online-applications.service';
import { PickupController } from './pickup.controller';
import { PickupService } from './pickup.service';
import { ReviewService } from './review.service';
import { StorageModule } from '../storage/storage.module';
import { UsersModule } from '../users/users.module';

@Module({
  imports: [
    TypeOrmModule.forFeature([Case, CaseEvent, CaseBundle, CaseObligation, CaseSuspension, CaseExtensionRequest, CaseFile, StagedFile]),
    HallsModule,
    CatalogModule,
    CalendarModule,
    RealtimeModule,
    QueueModule,
    StorageModule,
    UsersModule,
  ],
  controllers: [
    AcceptanceController,
    BackOfficeController,
    PickupController,
    CitizenCasesController,
    CaseFilesController,
    OnlineApplicationsController,
  ],
  providers: [
    DishonestList,
    CaseClock,
    CaseViews,
    CaseNotifier,
    CaseLedger,
    CasesService,
    AcceptanceService,
    ReviewService,
    PickupService,
    CaseDocumentsService,
    CaseSweepService,
    CaseFilesService,
    CasePersonalData,
    OnlineApplicationsService,
  ],
  exports: [CasesService, CaseSweepService, CaseFilesService, CasePersonalData, OnlineApplicationsService],
})
export class CasesModule {}
