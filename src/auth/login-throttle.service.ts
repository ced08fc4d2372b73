import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { changedRows } from './changed-rows';
import {
  ANY_SOURCE,
  CEILING_WINDOW_SECONDS,
  ceilingDelaySeconds,
  FREE_ATTEMPTS,
  KNOWN_SOURCE_DAYS,
  SOURCE_WINDOW_SECONDS,
  sourceDelaySeconds,
  USER_CEILING,
} from './domain/login-throttle';

/** The schedules as arrays the reservation statement indexes by attempt number (the last entry holds beyond). */
const SOURCE_SCHEDULE = Array.from({ length: FREE_ATTEMPTS + 20 }, (_, i) => sourceDelaySeconds(i + 1));
const CEILING_SCHEDULE = Array.from({ length: USER_CEILING + 70 }, (_, i) => ceilingDelaySeconds(i + 1));

/** The attempt's number since the counter last started afresh, and the wait it leaves for the next one. */
const NTH = `(t.attempts * (t.last_attempt_at > now() - make_interval(secs => $4))::int + 1)`;
const DELAY = (nth: string) => `($3::int[])[least(cardinality($3::int[]), ${nth})]`;
/** No wait is null, not now(): a concurrent reservation's now() (its transaction's start) may be earlier. */
const UNTIL = (nth: string) => `case when ${DELAY(nth)} > 0 then now() + make_interval(secs => ${DELAY(nth)}) end`;

/**
 * Reserves one attempt on a counter row in a single statement: admitted (and counted, with the
 * wait the next one must keep) only if the row's wait is over. The row lock of INSERT … ON CONFLICT
 * DO UPDATE makes concurrent reservations take their turns, each seeing the count before it.
 */
const RESERVE = `
  insert into login_attempts as t (username, source, attempts, blocked_until, last_attempt_at)
  values ($1, $2, 1, ${UNTIL('1')}, now())
  on conflict (username, source) do update set attempts = ${NTH}, blocked_until = ${UNTIL(NTH)}, last_attempt_at = now()
  where t.blocked_until is null or t.blocked_until <= now()
  returning attempts, last_success_at > now() - make_interval(days => $5) as known`;

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** See domain/login-throttle.ts for the two counters and their schedules. */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger('LoginThrottle');
  private lastPurge = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Counts an attempt at `username` from `source` before its secret is checked, or refuses it with LOGIN_THROTTLED. */
  async reserve(username: string, source: string): Promise<void> {
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) void this.purge();
    const key = username.toLowerCase();
    const [mine] = await this.dataSource.query(RESERVE, [key, source, SOURCE_SCHEDULE, SOURCE_WINDOW_SECONDS, KNOWN_SOURCE_DAYS]);
    if (!mine) throw await this.throttled(key, source);
    if (mine.known) return;
    const [all] = await this.dataSource.query(RESERVE, [key, ANY_SOURCE, CEILING_SCHEDULE, CEILING_WINDOW_SECONDS, KNOWN_SOURCE_DAYS]);
    if (all) return;
    // Not checked, so not counted against the source: its own delays grow with its guesses only.
    await this.dataSource.query('update login_attempts set attempts = greatest(attempts - 1, 0) where username = $1 and source = $2', [
      key,
      source,
    ]);
    throw await this.throttled(key, ANY_SOURCE);
  }

  /** After a complete sign-in from the source: its counter starts afresh and it is known to the account. */
  async succeeded(username: string, source: string): Promise<void> {
    await this.dataSource.query(
      'update login_attempts set attempts = 0, blocked_until = null, last_success_at = now() where username = $1 and source = $2',
      [username.toLowerCase(), source],
    );
  }

  /**
   * Guesses at made-up usernames from many addresses would leave a row each for good. A row whose
   * count has started afresh and whose address is no longer known to the account counts for
   * nothing: dropped, at most hourly per instance, without holding up the attempt that noticed.
   */
  async purge(): Promise<number> {
    this.lastPurge = Date.now();
    try {
      const gone = changedRows(
        await this.dataSource.query(
          `delete from login_attempts
          where last_attempt_at < now() - make_interval(secs => $1)
            and (last_success_at is null or last_success_at < now() - make_interval(days => $2)) returning username`,
          [Math.max(SOURCE_WINDOW_SECONDS, CEILING_WINDOW_SECONDS), KNOWN_SOURCE_DAYS],
        ),
      );
      return gone.length;
    } catch (err) {
      this.logger.warn(`login_attempts purge failed: ${(err as Error).message}`);
      return 0;
    }
  }

  private async throttled(key: string, source: string): Promise<AppException> {
    const [row] = await this.dataSource.query(
      'select greatest(1, ceil(extract(epoch from blocked_until - now())))::int as wait from login_attempts where username = $1 and source = $2',
      [key, source],
    );
    return new AppException('LOGIN_THROTTLED', { retryAfterSeconds: row?.wait ?? 1 });
  }
}
