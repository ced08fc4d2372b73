import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '../errors/app-exception';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../time/clock';

const WINDOW_MS = 60_000;

/**
 * Requests per minute per key on the public routes (a citizen's phone), counted in PostgreSQL so
 * that every instance sees the same count. Fixed one-minute windows: one row per key, reset when a
 * new minute starts.
 */
@Injectable()
export class PublicRateLimiter {
  private readonly logger = new Logger('RateLimit');
  /** Start of the last window this instance cleared the older rows for. */
  private purgedBefore = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async hit(scope: string, clientAddress: string | undefined): Promise<void> {
    const now = this.clock.now().getTime();
    const windowStart = new Date(now - (now % WINDOW_MS));
    if (windowStart.getTime() > this.purgedBefore) this.purge(windowStart);
    const [row] = await this.dataSource.query(
      `insert into public_rate_limits as r (key, window_start, hits) values ($1, $2, 1)
       on conflict (key) do update set
         hits = case when r.window_start = excluded.window_start then r.hits + 1 else 1 end,
         window_start = excluded.window_start
       returning hits`,
      [`${scope}:${clientAddress ?? 'unknown'}`, windowStart],
    );
    if (row.hits > this.config.PUBLIC_RATE_LIMIT_PER_MINUTE) {
      const retryAfterSeconds = Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000);
      throw new AppException('TOO_MANY_REQUESTS', { retryAfterSeconds });
    }
  }

  /**
   * A row whose minute is over counts for nothing (its key starts again at 1), but a flood from
   * many addresses would leave one for each of them for good. The first hit of each minute on an
   * instance drops them, without holding up the request that noticed.
   */
  private purge(before: Date): void {
    this.purgedBefore = before.getTime();
    this.dataSource
      .query(`delete from public_rate_limits where window_start < $1`, [before])
      .catch((e: Error) => this.logger.warn(`clearing past rate-limit windows failed: ${e.message}`));
  }
}
