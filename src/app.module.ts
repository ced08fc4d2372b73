import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppointmentsModule } from './appointments/appointments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CasesModule } from './cases/cases.module';
import { CatalogModule } from './catalog/catalog.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/errors/validation';
import { RateLimitModule } from './common/http/rate-limit.module';
import { TimeModule } from './common/time/time.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DevicesModule } from './devices/devices.module';
import { EventsModule } from './events/events.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { HallsModule } from './halls/halls.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PiiModule } from './pii/pii.module';
import { QueueModule } from './queue/queue.module';
import { RealtimeModule } from './realtime/realtime.module';
import { StaffingModule } from './staffing/staffing.module';
import { SimulationModule } from './simulation/simulation.module';
import { StatsModule } from './stats/stats.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    TimeModule,
    RateLimitModule,
    PiiModule,
    AuditModule,
    AuthModule,
    HallsModule,
    CalendarModule,
    CatalogModule,
    UsersModule,
    DevicesModule,
    HealthModule,
    RealtimeModule,
    QueueModule,
    AppointmentsModule,
    EvaluationModule,
    EventsModule,
    CasesModule,
    StatsModule,
    StaffingModule,
    NotificationsModule,
    SimulationModule,
  ],
  providers: [
    // Registered as providers (not in main.ts) so that e2e tests built from AppModule get them too.
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
