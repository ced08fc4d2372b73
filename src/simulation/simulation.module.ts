import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { HallsModule } from '../halls/halls.module';
import { QueueModule } from '../queue/queue.module';
import { DemoClockController } from './demo-clock.controller';
import { DemoClockService } from './demo-clock.service';

/** The server's side of the simulated hall: the demo clock. The simulator itself is an HTTP client (simulator.ts). */
@Module({
  imports: [QueueModule, HallsModule, CasesModule],
  controllers: [DemoClockController],
  providers: [DemoClockService],
})
export class SimulationModule {}
