import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { Clock, DemoClock, SystemClock } from './clock';

/** The one clock of the process, for every module that reads the time. */
@Global()
@Module({
  providers: [
    // A production server's clock is the system's; only a demo server (DEMO_CLOCK=on) gets one the simulator can set.
    {
      provide: Clock,
      useFactory: (config: AppConfig) => (config.DEMO_CLOCK === 'on' ? new DemoClock() : new SystemClock()),
      inject: [AppConfig],
    },
  ],
  exports: [Clock],
})
export class TimeModule {}
