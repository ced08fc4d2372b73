import { Injectable, OnModuleInit } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { sharedSecret } from '../database/app-settings';
import { SettingsRevision } from '../database/settings-revision.service';
import { DevicesService } from '../devices/devices.service';
import type { User } from '../users/entities/user.entity';
import { hashPassword, verifyPassword } from '../users/password';
import { UsersService } from '../users/users.service';
import { changedRows } from './changed-rows';
import { LoginThrottleService } from './login-throttle.service';
import type { Principal, StaffPrincipal, StaffRole } from './principal';
import { SessionRestriction, SessionsService } from './sessions.service';
import { TokenSigner } from './token-signer';
import { TotpEnrolment, TotpService } from './totp.service';

/** How long the TOTP step may follow the password, and how many codes it may try. */
const CHALLENGE_TTL_SECONDS = 5 * 60;
const CHALLENGE_ATTEMPTS = 5;
/** The throttle's counter of unknown challenges per address (no username has a `#`). */
const CHALLENGE_COUNTER = '#challenge';
/** A session that may only change its password or enrol TOTP is short-lived. */
const RESTRICTED_TTL_SECONDS = 15 * 60;

export interface SignedIn {
  /** `done`: a full session. Otherwise the token may only do what the step says (see SessionRestriction). */
  step: 'done' | 'change-password' | 'enrol-totp';
  token: string;
  expiresAt: Date;
  idleTimeoutSeconds: number;
  user: { id: string; username: string; displayName: string; role: StaffRole; hallIds: string[]; departmentId: string | null };
}

export interface TotpChallenge {
  step: 'totp';
  challenge: string;
  expiresAt: Date;
}

export type LoginResult = SignedIn | TotpChallenge;

/**
 * What happened at the door, for whoever records it (the audit trail subscribes with onAuthEvent).
 * `source` is the client's address as the throttle sees it.
 */
export interface AuthEvent {
  kind:
    | 'login-succeeded'
    | 'login-failed'
    | 'login-throttled'
    | 'totp-failed'
    | 'recovery-code-used'
    | 'logout'
    | 'password-changed'
    | 'password-change-failed'
    | 'totp-enrolled'
    | 'totp-reset';
  username: string;
  userId: string | null;
  /** The account's role where the account is known and the step passed. */
  role: string | null;
  source: string;
  at: Date;
  /** Who acted, when not the account itself (an admin's reset). */
  by?: string;
}

export type TokenCheck =
  { ok: true; principal: Principal; restriction: SessionRestriction | null } | { ok: false; code: 'UNAUTHENTICATED' | 'SESSION_IDLE' };

const STEP_OF: Record<SessionRestriction, SignedIn['step']> = { 'password-change': 'change-password', 'totp-enrol': 'enrol-totp' };

@Injectable()
export class AuthService implements OnModuleInit {
  private signer: TokenSigner;
  /** Verified against when the username does not exist, so both paths take the same time. */
  private dummyHash: string;
  private readonly listeners = new Set<(event: AuthEvent) => Promise<void> | void>();
  private readonly totpRoles: ReadonlySet<StaffRole>;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly devices: DevicesService,
    private readonly settings: SettingsRevision,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly totp: TotpService,
  ) {
    const configured = config.AUTH_TOTP_ROLES ?? (config.DEMO_MODE === 'on' ? '' : 'manager,admin,security_admin,audit_admin');
    this.totpRoles = new Set(
      configured
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean) as StaffRole[],
    );
    // The tokens are refused by the session generation already; closing the rows keeps the session list true.
    users.onSessionsEnded((userId) => void this.sessions.endAllOf(userId, 'account-changed').catch(() => undefined));
  }

  /** Instances without AUTH_SECRET / AUTH_TOTP_KEY share ones generated once, through the database. */
  async onModuleInit(): Promise<void> {
    this.signer = new TokenSigner(
      this.config.AUTH_SECRET ?? (await sharedSecret(this.dataSource, 'auth_secret', () => randomBytes(48).toString('base64url'))),
    );
    const totpKey = this.config.AUTH_TOTP_KEY ?? (await sharedSecret(this.dataSource, 'totp_key', () => randomBytes(32).toString('hex')));
    this.totp.useKey(Buffer.from(totpKey, 'hex'));
    this.dummyHash = await hashPassword(randomBytes(16).toString('hex'));
  }

  /** The roles that must sign in with a second factor (AUTH_TOTP_ROLES, or by DEMO_MODE). */
  totpRequired(role: StaffRole): boolean {
    return this.totpRoles.has(role);
  }

  /**
   * Step one. The attempt is counted before the password is checked (LoginThrottleService), so
   * guesses sent together cannot all be checked. An account with TOTP gets a challenge for step two.
   */
  async login(username: string, password: string, source: string): Promise<LoginResult> {
    await this.reserve(username, null, source);
    const user = await this.users.findForLogin(username);
    const ok = await verifyPassword(user?.passwordHash ?? this.dummyHash, password);
    if (!user || !ok || !user.active) {
      await this.emit('login-failed', username, user?.id ?? null, source);
      throw new AppException('INVALID_CREDENTIALS');
    }
    // The source's count starts afresh only after the second factor too: else a known password
    // would buy unlimited challenges to guess codes with.
    if (await this.totp.isEnrolled(user.id)) return this.challenge(user, source);
    await this.throttle.succeeded(username, source);
    await this.emit('login-succeeded', user.username, user.id, source, { role: user.role });
    return this.signIn(user, source);
  }

  /** Step two: a code from the authenticator app, or one of the recovery codes. */
  async loginTotp(challenge: string, code: string, source: string): Promise<SignedIn> {
    // Challenges cannot be guessed, but each try costs a write: an address that keeps sending
    // unknown ones is held back like a password guesser.
    await this.throttle.reserve(CHALLENGE_COUNTER, source);
    const tokenHash = sha256(challenge);
    const [row] = changedRows<{ user_id: string }>(
      await this.dataSource.query(
        `update login_challenges set attempts = attempts + 1
        where token_hash = $1 and used_at is null and expires_at > now() and attempts < $2 returning user_id::text as user_id`,
        [tokenHash, CHALLENGE_ATTEMPTS],
      ),
    );
    if (!row) throw new AppException('LOGIN_CHALLENGE_INVALID');
    await this.throttle.succeeded(CHALLENGE_COUNTER, source);
    const { username } = await this.users.get(row.user_id);
    await this.reserve(username, row.user_id, source);
    const user = await this.users.findForLogin(username);
    if (!user?.active) throw new AppException('LOGIN_CHALLENGE_INVALID');
    const factor = await this.totp.verify(user, code.trim());
    if (!factor) {
      await this.emit('totp-failed', username, user.id, source, { role: user.role });
      throw new AppException('TOTP_INVALID');
    }
    const [used] = changedRows(
      await this.dataSource.query(
        'update login_challenges set used_at = now() where token_hash = $1 and used_at is null returning token_hash',
        [tokenHash],
      ),
    );
    if (!used) throw new AppException('LOGIN_CHALLENGE_INVALID');
    await this.throttle.succeeded(username, source);
    if (factor === 'recovery-code') await this.emit('recovery-code-used', username, user.id, source, { role: user.role });
    await this.emit('login-succeeded', username, user.id, source, { role: user.role });
    return this.signIn(user, source);
  }

  /** Ends the token's session: refused at once here, on every other instance within the settings check interval (sockets too). */
  async logout(principal: StaffPrincipal, source: string): Promise<void> {
    if (principal.sessionId) await this.sessions.end(principal.sessionId, 'logout');
    await this.emit('logout', principal.username, principal.id, source, { role: principal.role });
  }

  /**
   * The holder changes their own password (required first when an admin set it or it is too old).
   * Every session of the account ends; the answer is the next one, as a sign-in would give it.
   */
  async changePassword(principal: StaffPrincipal, currentPassword: string, newPassword: string, source: string): Promise<SignedIn> {
    await this.reserve(principal.username, principal.id, source);
    const user = await this.users.findForLogin(principal.username);
    if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
      await this.emit('password-change-failed', principal.username, principal.id, source, { role: principal.role });
      throw new AppException('CURRENT_PASSWORD_INVALID');
    }
    await this.users.setOwnPassword(user.id, newPassword);
    await this.sessions.endAllOf(user.id, 'password-changed');
    await this.throttle.succeeded(user.username, source);
    await this.emit('password-changed', user.username, user.id, source, { role: user.role });
    return this.signIn((await this.users.findForLogin(user.username))!, source);
  }

  async totpStatus(principal: StaffPrincipal) {
    const enrolled = await this.totp.isEnrolled(principal.id);
    return {
      enrolled,
      required: this.totpRequired(principal.role),
      unusedRecoveryCodes: enrolled ? await this.totp.unusedRecoveryCodes(principal.id) : 0,
    };
  }

  beginTotp(principal: StaffPrincipal): Promise<TotpEnrolment> {
    return this.totp.begin(principal);
  }

  /**
   * The first code from the app switches TOTP on and yields the recovery codes, shown this once. A
   * session that existed only to enrol is replaced by a full one.
   */
  async confirmTotp(principal: StaffPrincipal, restriction: SessionRestriction | null, code: string, source: string) {
    const recoveryCodes = await this.totp.confirm(principal, code.trim());
    await this.emit('totp-enrolled', principal.username, principal.id, source, { role: principal.role });
    let signIn: SignedIn | null = null;
    if (restriction === 'totp-enrol' && principal.sessionId) {
      await this.sessions.end(principal.sessionId, 'step-done');
      signIn = await this.signIn((await this.users.findForLogin(principal.username))!, source);
    }
    return { recoveryCodes, signIn };
  }

  /** An admin switches an account's TOTP off; the event names the account, the admin is `by`. */
  async resetTotp(admin: StaffPrincipal, userId: string, source: string): Promise<void> {
    const user = await this.users.getManageable(admin, userId);
    await this.totp.remove(user.id);
    await this.emit('totp-reset', user.username, user.id, source, { role: user.role, by: admin.username });
  }

  ownSessions(principal: StaffPrincipal) {
    return this.sessions.listOpen(principal.id, principal.sessionId ?? '');
  }

  /**
   * Bearer token of a staff member or a device. A staff member is who their account is now: a
   * deactivated account, a token from before its sessions were ended (password reset), an ended
   * session (logout) or an idle one is refused. `activity: false` for checks that are not someone
   * at work (a socket being rechecked), which do not keep the session from going idle.
   */
  async check(token: string, activity = true): Promise<TokenCheck> {
    const claim = this.signer.verify(token);
    if (!claim) {
      const device = await this.devices.authenticate(token);
      return device ? { ok: true, principal: device, restriction: null } : { ok: false, code: 'UNAUTHENTICATED' };
    }
    if (!claim.sessionId || !isUUID(claim.sessionId)) return { ok: false, code: 'UNAUTHENTICATED' };
    const access = await this.users.accessOf(claim.userId);
    if (!access?.active || access.sessionGeneration !== claim.generation) return { ok: false, code: 'UNAUTHENTICATED' };
    const session = await this.sessions.check(claim.sessionId, claim.userId, activity);
    if (!session.ok) return session;
    return { ok: true, principal: { ...access.principal, sessionId: claim.sessionId }, restriction: session.restriction };
  }

  /** For holders of a connection (sockets): a full session or device only, and not counted as activity. */
  async authenticate(token: string): Promise<Principal | null> {
    const result = await this.check(token, false);
    return result.ok && !result.restriction ? result.principal : null;
  }

  /** When a valid staff token runs out (ms), for holders of a connection that outlives a request; else null. */
  staffTokenExpiry(token: string): number | null {
    return this.signer.verify(token)?.expiresAtMs ?? null;
  }

  /**
   * Fires after the accounts, device tokens or sessions may have changed (on any instance), once
   * this instance's caches are clear: for whoever holds a principal longer than a request.
   */
  onAccessChanged(listener: () => void): void {
    this.settings.onChanged(listener);
  }

  /** Sign-ins, failures, logouts, password changes, TOTP enrolments: the hook for the audit trail. */
  onAuthEvent(listener: (event: AuthEvent) => Promise<void> | void): void {
    this.listeners.add(listener);
  }

  /** A full session's token for tests and tools that need an already expired or short-lived one. */
  async signFor(user: { id: string; username: string }, ttlSeconds: number, now?: number) {
    const sessionId = await this.sessions.open(user.id, undefined, null);
    const generation = (await this.users.accessOf(user.id))?.sessionGeneration ?? 0;
    return this.signer.sign(user, generation, sessionId, ttlSeconds, now);
  }

  private async signIn(user: User, source: string): Promise<SignedIn> {
    let restriction: SessionRestriction | null = null;
    if (this.users.mustChangePassword(user)) restriction = 'password-change';
    else if (this.totpRequired(user.role) && !(await this.totp.isEnrolled(user.id))) restriction = 'totp-enrol';
    const sessionId = await this.sessions.open(user.id, source, restriction);
    const ttl = restriction ? RESTRICTED_TTL_SECONDS : this.config.AUTH_TOKEN_TTL_MINUTES * 60;
    const { token, expiresAt } = this.signer.sign(user, user.sessionGeneration, sessionId, ttl);
    return {
      step: restriction ? STEP_OF[restriction] : 'done',
      token,
      expiresAt,
      idleTimeoutSeconds: this.config.AUTH_IDLE_TIMEOUT_SECONDS,
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        hallIds: user.hallIds,
        departmentId: user.departmentId,
      },
    };
  }

  private async challenge(user: User, source: string): Promise<TotpChallenge> {
    const challenge = randomBytes(32).toString('base64url');
    await this.dataSource.query(`delete from login_challenges where expires_at < now() - interval '1 day'`);
    const [row] = await this.dataSource.query(
      `insert into login_challenges (token_hash, user_id, source, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4)) returning expires_at`,
      [sha256(challenge), user.id, source, CHALLENGE_TTL_SECONDS],
    );
    return { step: 'totp', challenge, expiresAt: row.expires_at };
  }

  private async reserve(username: string, userId: string | null, source: string): Promise<void> {
    try {
      await this.throttle.reserve(username, source);
    } catch (err) {
      if (err instanceof AppException) await this.emit('login-throttled', username, userId, source);
      throw err;
    }
  }

  /** Awaited, so that the audit trail holds the event before the answer goes out. */
  private async emit(
    kind: AuthEvent['kind'],
    username: string,
    userId: string | null,
    source: string,
    extra: { role?: string; by?: string } = {},
  ): Promise<void> {
    const event: AuthEvent = {
      kind,
      username,
      userId,
      role: extra.role ?? null,
      source,
      at: new Date(),
      ...(extra.by ? { by: extra.by } : {}),
    };
    await Promise.all([...this.listeners].map((listener) => listener(event)));
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
