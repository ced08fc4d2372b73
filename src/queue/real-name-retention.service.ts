import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/time/clock';
import { BackgroundTimer } from '../common/time/background-timer';

const HOUR_MS = 60 * 60 * 1000;
/** A real-name ticket's fingerprint only serves its own day's limits; two days covers every time zone and a ticket still open at midnight. */
const KEEP_DAYS = 2;

/**
 * Forgets the ID fingerprint (person_index) of real-name tickets once their day is past and they
 * have left the queue: the anti-tout rules need it for the day, nothing needs it after.
 */
@Injectable()
export class RealNameRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RealNameRetention');
  private readonly timer = new BackgroundTimer();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer.start(HOUR_MS, () => {
      this.sweep().catch((err: Error) => this.logger.error({ msg: 'real-name retention sweep failed', error: err.message }));
    });
  }

  onApplicationShutdown(): void {
    this.timer.stop();
  }

  /** Returns how many tickets lost their fingerprint. */
  async sweep(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - KEEP_DAYS * 24 * HOUR_MS).toISOString().slice(0, 10);
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `with forgotten as (
         update tickets set person_index = null
         where person_index is not null and local_date < $1 and status not in ('waiting', 'called', 'serving', 'held')
         returning 1)
       select count(*)::int as n from forgotten`,
      [before],
    );
    return n;
  }
}
