import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException } from '../common/errors/app-exception';
import { AuthService } from './auth.service';
import type { Principal, Role } from './principal';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

/** Deny by default: a route is reachable only if it says @Public() or names the roles that may call it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets);
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();

    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const principal = token ? await this.auth.authenticate(token) : null;
    if (principal) req.principal = principal;

    if (isPublic) return true;
    if (!roles?.length) throw new AppException('FORBIDDEN', { reason: 'route declares no role' });
    if (!principal) throw new AppException('UNAUTHENTICATED');
    if (!roles.includes(principal.role)) throw new AppException('FORBIDDEN', { role: principal.role, allowed: roles });
    return true;
  }
}
