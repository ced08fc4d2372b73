import { Injectable } from '@nestjs/common';

/**
 * The time the queue runs on. Injected rather than read from Date.now() so that rules tied to
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
