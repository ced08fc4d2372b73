import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, from, mergeMap, catchError } from 'rxjs';
import { AppException } from '../common/errors/app-exception';
import { AuditTrail, RouteRequest } from './audit-trail.service';
import { AUDITED_KEY, AuditedRoute } from './audited.decorator';

const statusOf = (err: unknown) => (err instanceof AppException ? err.status : err instanceof HttpException ? err.getStatus() : 500);
const codeOf = (err: unknown) => (err instanceof AppException ? err.code : err instanceof HttpException ? 'HTTP_ERROR' : 'INTERNAL_ERROR');

/**
 * Records the outcome of every @Audited route. A success is recorded after the change is committed
 * and before the answer goes out (a route whose service records it in its own transaction says so);
 * a refusal or failure is recorded with its error code, and the error still goes out as it was.
 * On any other route, a refusal (403) of a signed-in caller by the service (another hall, another
 * department, a window not theirs) is recorded as `access.denied`, as the guard records its own.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: AuditTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RouteRequest & { params?: Record<string, string>; principal?: unknown }>();
    const route = this.reflector.get<AuditedRoute | undefined>(AUDITED_KEY, context.getHandler());
    if (!route) {
      return next.handle().pipe(
        catchError((err: unknown) =>
          from(
            (async () => {
              if (request.principal && statusOf(err) === 403) {
                await this.trail.recordAccessDenied(request, { code: codeOf(err) });
              }
              throw err;
            })(),
          ),
        ),
      );
    }
    const params = request.params ?? {};
    const targetId = route.param ? params[route.param] : undefined;
    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            if (!route.successInService) {
              const id = targetId ?? (body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : undefined);
              await this.trail.record({ action: route.action, targetType: route.targetType, targetId: id, result: 'success' });
            }
            return body;
          })(),
        ),
      ),
      catchError((err: unknown) =>
        from(
          (async () => {
            const status = statusOf(err);
            await this.trail.recordQuietly({
              action: route.action,
              targetType: route.targetType,
              targetId,
              result: status === 401 || status === 403 ? 'denied' : 'failed',
              detail: { code: codeOf(err), status },
            });
            throw err;
          })(),
        ),
      ),
    );
  }
}
