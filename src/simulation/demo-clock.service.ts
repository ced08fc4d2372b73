import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CaseSweepService } from '../cases/case-sweep.service';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { HallsService } from '../halls/halls.service';
import { Clock, DemoClock } from '../common/time/clock';
import type { DemoClockDto, SetDemoClockDto } from './dto/demo-clock.dto';

/**
 * Reading and setting the demo clock. A server on it plays whatever time the simulator sets for
 * every hall it serves, so it serves only demo halls: it refuses to start on a database holding
 * another, and refuses to move the clock should one have appeared since.
 */
@Injectable()
export class DemoClockService implements OnApplicationBootstrap {
  constructor(
    private readonly clock: Clock,
    private readonly halls: HallsService,
    private readonly sweeper: CaseSweepService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.DEMO_CLOCK !== 'on') return;
    const real = await this.halls.realHallCodes();
    if (real.length > 0) {
      throw new Error(
        `DEMO_CLOCK=on serves demo halls only, and this database holds halls not marked as demo halls (${real.join(', ')}): ` +
          'start it without DEMO_CLOCK, or on a database of its own',
      );
    }
  }

  read(): DemoClockDto {
    if (this.clock instanceof DemoClock) return { enabled: true, ...this.clock.reading() };
    return { enabled: false, at: this.clock.now(), speed: 1 };
  }

  async set(dto: SetDemoClockDto): Promise<DemoClockDto> {
    if (!(this.clock instanceof DemoClock)) throw new AppException('DEMO_CLOCK_OFF');
    const real = await this.halls.realHallCodes();
    if (real.length > 0) throw new AppException('DEMO_CLOCK_REAL_HALL', { halls: real });
    this.clock.set(new Date(dto.at), dto.speed);
    if (dto.sweep) await this.sweeper.sweep();
    return this.read();
  }
}
