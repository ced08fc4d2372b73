import { Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { DevicesService } from '../devices/devices.service';
import { hashPassword, verifyPassword } from '../users/password';
import { UsersService } from '../users/users.service';
import type { Principal, StaffPrincipal } from './principal';
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
    const principal: StaffPrincipal = {
      kind: 'user', id: user.id, username: user.username, role: user.role, hallIds: user.hallIds, departmentId: user.departmentId,
    };
    const { token, expiresAt } = this.signer.sign(principal, this.config.AUTH_TOKEN_TTL_MINUTES * 60);
    return {
      token,
      expiresAt,
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, hallIds: user.hallIds, departmentId: user.departmentId },
    };
  }

  /** Bearer token of a staff member or a device, or null. */
  async authenticate(token: string): Promise<Principal | null> {
    return this.signer.verify(token) ?? (await this.devices.authenticate(token));
  }

  /** Signs a token for tests and tools that need an already expired or short-lived one. */
  signFor(principal: StaffPrincipal, ttlSeconds: number, now?: number) {
    return this.signer.sign(principal, ttlSeconds, now);
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
