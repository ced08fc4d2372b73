import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, Observable, of } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AppException } from '../common/errors/app-exception';
import { PiiVault } from '../pii/pii-vault.service';
import { answerContext, releaseKey, reserveKey, storeAnswer, storedKey } from './idempotency-answers';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,100}$/;

/**
 * Accept, decide and hand-over may be retried by a client that lost the answer. With an
 * `Idempotency-Key` header, the first request reserves the key (committed before the work
 * starts), its 2xx result is stored, and every replay gets that result back without running
 * again. A replay while the first is still running gets 409; a failed first request releases
 * the key so the client can try again. A crash between the work's commit and storing its result
 * leaves the key reserved: replays then get 409, never a second execution. The stored result is
 * sealed (PiiVault): an acceptance's answer repeats the applicant in full.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: PiiVault,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const res = context.switchToHttp().getResponse<FastifyReply>();
    const header = req.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined) return next.handle();
    if (!KEY_PATTERN.test(key)) throw new AppException('IDEMPOTENCY_KEY_INVALID');

    const principalId = req.principal ? `${req.principal.kind}:${req.principal.id}` : `anon:${req.ip}`;
    const sealedAt = answerContext(principalId, key);
    const requestHash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');

    if (!(await reserveKey(this.dataSource, principalId, key, requestHash))) {
      const stored = await storedKey(this.dataSource, principalId, key);
      if (!stored) throw new AppException('IDEMPOTENCY_IN_PROGRESS');
      if (stored.request_hash !== requestHash) throw new AppException('IDEMPOTENCY_KEY_REUSED');
      if (stored.state !== 'done') throw new AppException('IDEMPOTENCY_IN_PROGRESS');
      res.status(stored.response_status);
      res.header('Idempotent-Replayed', 'true');
      return of(JSON.parse(this.vault.open(stored.response_body as string, sealedAt)));
    }

    return next.handle().pipe(
      mergeMap((body) =>
        from(
          storeAnswer(this.dataSource, principalId, key, res.statusCode, this.vault.seal(JSON.stringify(body ?? null), sealedAt)).then(
            () => body,
          ),
        ),
      ),
      catchError((err) =>
        from(
          releaseKey(this.dataSource, principalId, key).then(() => {
            throw err;
          }),
        ),
      ),
    );
  }
}
