import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUUID } from 'class-validator';
import { AuditTrail, RouteRequest } from '../audit/audit-trail.service';
import { AppException } from '../common/errors/app-exception';
import { HallsService } from '../halls/halls.service';
import { HALL_SCOPE_KEY, HallScope } from './hall-scope.decorator';
import { canAccessHall, Principal } from './principal';

/**
 * Hall access of the routes that say @HallScoped, after AuthGuard has found the caller and their role:
 * staff work in their own halls only (admins and security administrators in all), a device in its one.
 */
@Injectable()
export class HallAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly halls: HallsService,
    private readonly audit: AuditTrail,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const scope = this.reflector.getAllAndOverride<HallScope | undefined>(HALL_SCOPE_KEY, [context.getHandler(), context.getClass()]);
    if (!scope || 'anyHall' in scope) return true;
    const req = context
      .switchToHttp()
      .getRequest<RouteRequest & { principal?: Principal; params?: Record<string, unknown>; query?: Record<string, unknown> }>();
    const hallId = 'param' in scope ? req.params?.[scope.param] : req.query?.[scope.query];
    // Not an id at all: the route's pipe or query DTO refuses it with its own code (INVALID_ID, VALIDATION_FAILED).
    if (!req.principal || typeof hallId !== 'string' || !isUUID(hallId)) return true;
    if (canAccessHall(req.principal, hallId)) return true;
    // An unknown hall is 404 for everyone, a real one of others 403.
    await this.halls.getHall(hallId);
    // Guards run before the audit interceptor, which records the services' refusals: this one records its own.
    await this.audit.recordAccessDenied(req, { code: 'HALL_ACCESS_DENIED' });
    throw new AppException('HALL_ACCESS_DENIED', { hallId });
  }
}
