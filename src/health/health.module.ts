import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { HealthController } from './health.controller';

@Module({ imports: [CalendarModule], controllers: [HealthController] })
export class HealthModule {}
