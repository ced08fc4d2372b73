import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SettingsCache, SettingsRevision } from '../database/settings-revision.service';
import { changedRows } from './changed-rows';

/** A session that may do one thing only before it becomes a full one. */
export type SessionRestriction = 'password-change' | 'totp-enrol';
export type SessionEndReason = 'logout' | 'idle' | 'password-changed' | 'account-changed' | 'step-done';

interface SessionState {
  userId: string;
  restriction: SessionRestriction | null;
  endReason: SessionEndReason | null;
  /** When the last request was, as this instance knows it (ms of this instance's clock). */
  lastSeenMs: number;
  /** When this instance last wrote last_seen_at. */
  touchedMs: number;
}

export type SessionCheck = { ok: true; restriction: SessionRestriction | null } | { ok: false; code: 'UNAUTHENTICATED' | 'SESSION_IDLE' };

export interface OwnSession {
  id: string;
  source: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
}

/**
 * Staff sessions (staff_sessions), one per sign-in, named by the token. Each instance caches a
 * session's state like the settings: ending one (logout, idle, a password change) names ended_at,
 * which bumps settings_revision, so every instance drops its copy within SETTINGS_CHECK_INTERVAL_MS
 * and rechecks its sockets; the instance that ended it at once.
 *
 * A request writes nothing unless this instance has not written the session's last_seen_at for
 * touchInterval (a tenth of the idle timeout, at most a minute): the stored time trails the real
 * last request by at most that, so a session is refused after between idle timeout and idle
 * timeout + touchInterval without a request. An instance that thinks a session idle reads it
 * afresh first, since the requests may have gone to another instance.
 */
@Injectable()
export class SessionsService {
  private readonly cache: SettingsCache<SessionState>;
  readonly idleMs: number;
  readonly touchIntervalMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsRevision,
    config: AppConfig,
  ) {
    this.cache = settings.cache();
    this.idleMs = config.AUTH_IDLE_TIMEOUT_SECONDS * 1000;
    this.touchIntervalMs = Math.min(60_000, this.idleMs / 10);
  }

  async open(userId: string, source: string | undefined, restriction: SessionRestriction | null): Promise<string> {
    const [row] = await this.dataSource.query(
      'insert into staff_sessions (user_id, source, restriction) values ($1, $2, $3) returning id',
      [userId, source ?? null, restriction],
    );
    return row.id as string;
  }

  /**
   * Whether the session may go on; counts as its activity unless `activity` is false (a socket
   * being rechecked is not someone at the keyboard).
   */
  async check(sessionId: string, userId: string, activity = true): Promise<SessionCheck> {
    const now = Date.now();
    const state = await this.cache.get(sessionId, () => this.load(sessionId));
    if (state && !state.endReason && now - state.lastSeenMs > this.idleMs) {
      const fresh = await this.load(sessionId);
      if (fresh) Object.assign(state, fresh);
      if (fresh && !fresh.endReason && now - fresh.lastSeenMs > this.idleMs) {
        await this.end(sessionId, 'idle');
        return { ok: false, code: 'SESSION_IDLE' };
      }
    }
    if (!state || state.userId !== userId) return { ok: false, code: 'UNAUTHENTICATED' };
    if (state.endReason) return { ok: false, code: state.endReason === 'idle' ? 'SESSION_IDLE' : 'UNAUTHENTICATED' };
    if (activity && now - state.touchedMs >= this.touchIntervalMs) {
      // Conditional on the stored time, so a late write cannot revive a session another instance found idle.
      const touched = changedRows(
        await this.dataSource.query(
          `update staff_sessions set last_seen_at = now()
          where id = $1 and ended_at is null and last_seen_at > now() - make_interval(secs => $2::double precision) returning id`,
          [sessionId, this.idleMs / 1000],
        ),
      );
      if (!touched.length) {
        this.cache.clear();
        return this.check(sessionId, userId, false);
      }
      state.touchedMs = now;
    }
    if (activity) state.lastSeenMs = now;
    return { ok: true, restriction: state.restriction };
  }

  /** Ends one session; every instance refuses its token within the settings check interval, this one at once. */
  async end(sessionId: string, reason: SessionEndReason): Promise<boolean> {
    const ended = changedRows(
      await this.dataSource.query(
        'update staff_sessions set ended_at = now(), end_reason = $2 where id = $1 and ended_at is null returning id',
        [sessionId, reason],
      ),
    );
    this.settings.changed();
    return ended.length > 0;
  }

  async endAllOf(userId: string, reason: SessionEndReason): Promise<void> {
    await this.dataSource.query('update staff_sessions set ended_at = now(), end_reason = $2 where user_id = $1 and ended_at is null', [
      userId,
      reason,
    ]);
    this.settings.changed();
  }

  /** The account's sessions that still work (not ended and not idle). */
  async listOpen(userId: string, currentId: string): Promise<OwnSession[]> {
    const rows: { id: string; source: string | null; created_at: Date; last_seen_at: Date }[] = await this.dataSource.query(
      `select id, source, created_at, last_seen_at from staff_sessions
        where user_id = $1 and ended_at is null and restriction is null and last_seen_at > now() - make_interval(secs => $2::double precision)
        order by created_at desc`,
      [userId, this.idleMs / 1000],
    );
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      current: r.id === currentId,
    }));
  }

  private async load(sessionId: string): Promise<SessionState | null> {
    const [row] = await this.dataSource.query(
      `select user_id::text as user_id, restriction, end_reason, extract(epoch from now() - last_seen_at) * 1000 as idle_ms
         from staff_sessions where id = $1`,
      [sessionId],
    );
    if (!row) return null;
    const now = Date.now();
    // Measured by the database's clock and carried over to this instance's, so neither clock's offset matters.
    return {
      userId: row.user_id,
      restriction: row.restriction,
      endReason: row.end_reason,
      lastSeenMs: now - Number(row.idle_ms),
      touchedMs: now - Number(row.idle_ms),
    };
  }
}
