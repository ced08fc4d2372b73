import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuthEvent, AuthService } from '../auth/auth.service';
import { AuditEntry, AuditTrail } from './audit-trail.service';

/** How each event at the door goes on the trail: its action, result and (for refusals) the code the caller got. */
const ENTRY: Record<AuthEvent['kind'], Pick<AuditEntry, 'action' | 'result'> & { code?: string; known?: true }> = {
  'login-succeeded': { action: 'auth.login', result: 'success', known: true },
  'login-failed': { action: 'auth.login', result: 'failed', code: 'INVALID_CREDENTIALS' },
  'login-throttled': { action: 'auth.login', result: 'denied', code: 'LOGIN_THROTTLED' },
  'totp-failed': { action: 'auth.totp', result: 'failed', code: 'TOTP_INVALID' },
  'recovery-code-used': { action: 'auth.recovery_code', result: 'success', known: true },
  logout: { action: 'auth.logout', result: 'success', known: true },
  'password-changed': { action: 'account.password_change', result: 'success', known: true },
  'password-change-failed': { action: 'account.password_change', result: 'failed', code: 'CURRENT_PASSWORD_INVALID' },
  'totp-enrolled': { action: 'account.totp_enrol', result: 'success', known: true },
  'totp-reset': { action: 'account.totp_reset', result: 'success' },
};

/**
 * Sign-ins and their failures, logouts, password changes and TOTP enrolments on the audit trail. A
 * failed step is recorded as the anonymous caller with the name tried (the password never), since
 * nobody proved who they were; an admin's reset names the account as target and the admin as actor.
 */
@Injectable()
export class AuthEventsRecorder implements OnModuleInit {
  constructor(
    private readonly auth: AuthService,
    private readonly trail: AuditTrail,
  ) {}

  onModuleInit(): void {
    this.auth.onAuthEvent((event) => this.trail.recordQuietly(entryOf(event)));
  }
}

export function entryOf(event: AuthEvent): AuditEntry {
  const { action, result, code, known } = ENTRY[event.kind];
  const target = event.userId ? { targetType: 'user', targetId: event.userId } : {};
  if (event.kind === 'totp-reset') {
    // The request's principal is the admin who reset it.
    return { action, result, ...target, detail: { username: event.username } };
  }
  return {
    action,
    result,
    ...target,
    actor:
      known && event.userId
        ? { kind: 'user', id: event.userId, username: event.username, role: event.role }
        : { kind: 'anonymous', username: event.username },
    ...(code ? { detail: { code } } : {}),
  };
}
