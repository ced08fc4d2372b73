import { Injectable } from '@nestjs/common';

/**
 * The time the server runs on. Injected rather than read from Date.now() so that rules tied to
 * the hall's local day and issuing hours can be tested at any chosen moment.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export interface DemoClockReading {
  at: Date;
  /** Hall seconds per real second; 0 holds the clock still until the next setting. */
  speed: number;
}

/**
 * The clock of a demo server (`DEMO_CLOCK=on`): hall time runs from a set instant at a set speed,
 * so that the simulator can play past days and an accelerated day through the real services. It
 * is the whole process's clock, which is why such a server refuses a database holding a hall not
 * marked as a demo hall (src/simulation/demo-clock.service.ts): a real hall's clock is never this
 * one. Until it is set it reads the real time.
 */
export class DemoClock extends Clock {
  private anchorReal = Date.now();
  private anchorAt = this.anchorReal;
  private speed = 1;

  now(): Date {
    return new Date(this.anchorAt + (Date.now() - this.anchorReal) * this.speed);
  }

  set(at: Date, speed: number): void {
    this.anchorReal = Date.now();
    this.anchorAt = at.getTime();
    this.speed = speed;
  }

  reading(): DemoClockReading {
    return { at: this.now(), speed: this.speed };
  }
}
