import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CasesModule } from '../cases/cases.module';
import { CatalogModule } from '../catalog/catalog.module';
import { HallsModule } from '../halls/halls.module';
import { QueueModule } from '../queue/queue.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { StatsRollupState } from './entities/stats-rollup-state.entity';
import { ExportService } from './export.service';
import { MonitorService } from './monitor.service';
import { RebuildService } from './rebuild.service';
import { RollupsService } from './rollups.service';
import { StatsController } from './stats.controller';
import { StatsService } from './stats.service';

/**
 * Managers' measures (统计分析): roll-ups kept by domain-event handlers in the transaction of every
 * move, reports and exports over them, the live hall monitor. Other modules are read only through
 * their services (the rebuild's recomputation from the base tables aside); nothing depends on it.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([StatsRollupState]),
    CalendarModule,
    HallsModule,
    CatalogModule,
    UsersModule,
    QueueModule,
    CasesModule,
    NotificationsModule,
    RealtimeModule,
  ],
  controllers: [StatsController],
  providers: [RollupsService, RebuildService, StatsService, MonitorService, ExportService],
  exports: [RebuildService, ExportService],
})
export class StatsModule {}
