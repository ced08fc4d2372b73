import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { Clock } from './clock';

const WINDOW_MS = 60_000;

/**
 * Requests per minute per key on the public routes (a citizen's phone), counted in PostgreSQL so
 * that every instance sees the same count. Fixed one-minute windows: one row per key, reset when a
 * new minute starts.
 */
@Injectable()
export class PublicRateLimiter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async hit(scope: string, clientAddress: string | undefined): Promise<void> {
    const now = this.clock.now().getTime();
    const windowStart = new Date(now - (now % WINDOW_MS));
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
}
