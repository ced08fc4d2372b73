import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditTrail, RouteRequest } from '../audit/audit-trail.service';
import { AppException } from '../common/errors/app-exception';
import { setRequestPrincipal } from '../common/http/request-context';
import { AuthService } from './auth.service';
import type { Principal, Role } from './principal';
import { DURING_KEY, PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import type { SessionRestriction } from './sessions.service';

const REFUSAL: Record<SessionRestriction, 'PASSWORD_CHANGE_REQUIRED' | 'TOTP_ENROLMENT_REQUIRED'> = {
  'password-change': 'PASSWORD_CHANGE_REQUIRED',
  'totp-enrol': 'TOTP_ENROLMENT_REQUIRED',
};

interface GuardedRequest extends RouteRequest {
  headers: Record<string, string | undefined>;
  principal?: Principal;
  sessionRestriction?: SessionRestriction | null;
}

/**
 * Deny by default: a route is reachable only if it says @Public() or names the roles that may call
 * it. A session that must first change its password or enrol TOTP reaches only the routes that say
 * @AllowDuring for it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    const req = context.switchToHttp().getRequest<GuardedRequest>();

    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const checked = token ? await this.auth.check(token) : null;
    // A public route serves the anonymous alike: only a full session is someone there.
    if (checked?.ok && !checked.restriction) {
      req.principal = checked.principal;
      setRequestPrincipal(checked.principal);
    }

    if (isPublic) return true;
    if (!roles?.length) throw new AppException('FORBIDDEN', { reason: 'route declares no role' });
    if (!checked) throw new AppException('UNAUTHENTICATED');
    if (!checked.ok) throw new AppException(checked.code);
    const { principal, restriction } = checked;
    if (restriction) {
      const during = this.reflector.getAllAndOverride<SessionRestriction[]>(DURING_KEY, targets) ?? [];
      if (!during.includes(restriction)) throw new AppException(REFUSAL[restriction]);
      req.principal = principal;
      req.sessionRestriction = restriction;
      setRequestPrincipal(principal);
    }
    if (!roles.includes(principal.role)) {
      await this.audit.recordAccessDenied(req, { allowed: roles });
      throw new AppException('FORBIDDEN', { role: principal.role, allowed: roles });
    }
    return true;
  }
}
