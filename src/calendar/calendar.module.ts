import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HallsModule } from '../halls/halls.module';
import { CalendarAdminService } from './calendar-admin.service';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { CalendarDay } from './entities/calendar-day.entity';
import { CalendarYear } from './entities/calendar-year.entity';
import { HallCalendarOverride } from './entities/hall-calendar-override.entity';

@Module({
  imports: [TypeOrmModule.forFeature([CalendarYear, CalendarDay, HallCalendarOverride]), HallsModule],
  controllers: [CalendarController],
  providers: [CalendarService, CalendarAdminService],
  exports: [CalendarService],
})
export class CalendarModule {}
