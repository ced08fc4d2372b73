import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { SettingsRevision } from '../database/settings-revision.service';
import { DevicesService } from '../devices/devices.service';
import { hashPassword, verifyPassword } from '../users/password';
import { UsersService } from '../users/users.service';
import type { Principal } from './principal';
import { TokenSigner } from './token-signer';

/** Failed logins in a row before each further attempt is held back, and the longest hold. */
const FREE_FAILURES = 5;
const MAX_BLOCK_SECONDS = 15 * 60;


@Injectable()
export class AuthService implements OnModuleInit {
  private signer: TokenSigner;
  /** Verified against when the username does not exist, so both paths take the same time. */
  private dummyHash: string;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly devices: DevicesService,
    private readonly settings: SettingsRevision,
  ) {}

  /** Instances without AUTH_SECRET share one generated secret through the database. */
  async onModuleInit(): Promise<void> {
    let secret = this.config.AUTH_SECRET;
    if (!secret) {
      await this.dataSource.query(
        `insert into app_settings (key, value) values ('auth_secret', $1) on conflict (key) do nothing`,
        [randomBytes(48).toString('base64url')],
      );
      const [row] = await this.dataSource.query(`select value from app_settings where key = 'auth_secret'`);
      secret = row.value as string;
    }
    this.signer = new TokenSigner(secret);
    this.dummyHash = await hashPassword(randomBytes(16).toString('hex'));
  }

  async login(username: string, password: string) {
    const key = username.toLowerCase();
    const [throttle] = await this.dataSource.query(
      `select ceil(extract(epoch from blocked_until - now()))::int as wait from login_throttle where username = $1 and blocked_until > now()`,
      [key],
    );
    if (throttle) throw new AppException('LOGIN_THROTTLED', { retryAfterSeconds: throttle.wait });

    const user = await this.users.findForLogin(username);
    const ok = await verifyPassword(user?.passwordHash ?? this.dummyHash, password);
    if (!user || !ok || !user.active) {
      await this.recordFailure(key);
      throw new AppException('INVALID_CREDENTIALS');
    }
    await this.dataSource.query('delete from login_throttle where username = $1', [key]);
    const { token, expiresAt } = this.signer.sign(user, user.sessionGeneration, this.config.AUTH_TOKEN_TTL_MINUTES * 60);
    return {
      token,
      expiresAt,
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, hallIds: user.hallIds, departmentId: user.departmentId },
    };
  }

  /**
   * Bearer token of a staff member or a device, or null. A staff member is who their account is
   * now: a deactivated account or a token from before its sessions were ended is refused, and a
   * change of role or halls holds for tokens already out (on another instance within a second).
   */
  async authenticate(token: string): Promise<Principal | null> {
    const claim = this.signer.verify(token);
    if (!claim) return this.devices.authenticate(token);
    const access = await this.users.accessOf(claim.userId);
    return access?.active && access.sessionGeneration === claim.generation ? access.principal : null;
  }

  /** When a valid staff token runs out (ms), for holders of a connection that outlives a request; else null. */
  staffTokenExpiry(token: string): number | null {
    return this.signer.verify(token)?.expiresAtMs ?? null;
  }

  /**
   * Fires after the accounts or device tokens may have changed (on any instance), once this
   * instance's caches are clear: for whoever holds a principal longer than a request.
   */
  onAccessChanged(listener: () => void): void {
    this.settings.onChanged(listener);
  }

  /** Signs a token for tests and tools that need an already expired or short-lived one. */
  signFor(user: { id: string; username: string }, ttlSeconds: number, now?: number) {
    return this.signer.sign(user, 0, ttlSeconds, now);
  }

  private async recordFailure(key: string): Promise<void> {
    await this.dataSource.query(
      `insert into login_throttle as t (username, failures, last_failure_at) values ($1, 1, now())
       on conflict (username) do update set
         failures = t.failures + 1,
         last_failure_at = now(),
         blocked_until = case when t.failures + 1 >= $2
           then now() + make_interval(secs => least($3, 2 ^ (t.failures + 1 - $2)))
           else null end`,
      [key, FREE_FAILURES, MAX_BLOCK_SECONDS],
    );
  }
}
