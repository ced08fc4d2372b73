import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '../calendar/calendar.module';
import { HallsModule } from '../halls/halls.module';
import { QueueModule } from '../queue/queue.module';
import { StatsModule } from '../stats/stats.module';
import { StaffingRosterEntry } from './entities/staffing-roster-entry.entity';
import { StaffingController } from './staffing.controller';
import { StaffingService } from './staffing.service';

/**
 * The staffing planner (窗口配置): queueing models and the simulator over the hall's history, read
 * through the queue module's service (tickets per hour and category, service times), and the
 * managers' roster. Exports through the stats module's export service; nothing depends on it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([StaffingRosterEntry]), HallsModule, QueueModule, CalendarModule, StatsModule],
  controllers: [StaffingController],
  providers: [StaffingService],
})
export class StaffingModule {}
