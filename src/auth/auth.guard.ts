import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditTrail } from '../audit/audit-trail.service';
import { AppException } from '../common/errors/app-exception';
import { setRequestPrincipal } from '../common/http/request-context';
import { AuthService } from './auth.service';
import type { Principal, Role } from './principal';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Deny by default: a route is reachable only if it says @Public() or names the roles that may call it. */
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
    const req = context.switchToHttp().getRequest<{
      headers: Record<string, string | undefined>; principal?: Principal; method: string; routeOptions?: { url?: string };
    }>();

    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const principal = token ? await this.auth.authenticate(token) : null;
    if (principal) {
      req.principal = principal;
      setRequestPrincipal(principal);
    }

    if (isPublic) return true;
    if (!roles?.length) throw new AppException('FORBIDDEN', { reason: 'route declares no role' });
    if (!principal) throw new AppException('UNAUTHENTICATED');
    if (!roles.includes(principal.role)) {
      // A refused privileged attempt: the route's pattern, not its path, which may hold a citizen's access code.
      await this.audit.recordQuietly({
        action: 'access.denied', targetType: 'route', targetId: `${req.method} ${req.routeOptions?.url ?? '?'}`, result: 'denied', detail: { allowed: roles },
      });
      throw new AppException('FORBIDDEN', { role: principal.role, allowed: roles });
    }
    return true;
  }
}
