import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { currentRequest } from '../common/http/request-context';
import { ActorKind, AuditRecord, AuditResult, chainHash } from './domain/audit-chain';

/** Who did it, when not the request's authenticated principal (a sign-in, a job). */
export interface AuditActor {
  kind: ActorKind;
  id?: string | null;
  username?: string | null;
  role?: string | null;
}

export interface AuditEntry {
  /** `<area>.<verb>`, e.g. `account.update`, `auth.login`, `pii.id_number.view`. */
  action: string;
  targetType?: string;
  targetId?: string;
  /** Small, and never a full ID number or a full name (masked forms and fingerprints only). */
  detail?: Record<string, unknown>;
  result: AuditResult;
  /** Defaults to the request's principal, or anonymous in a request without one, or the system outside a request. */
  actor?: AuditActor;
}

/** What recordAccessDenied reads of a fastify request: its method and the pattern of the route it matched. */
export interface RouteRequest {
  method: string;
  routeOptions?: { url?: string };
}

export function actorOf(principal: Principal): AuditActor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.id, username: principal.username, role: principal.role }
    : { kind: 'device', id: principal.id, role: principal.role };
}

/**
 * Appends to the audit trail. Pass the `em` of the transaction that makes the change and call this
 * last in it: the record commits with the change or not at all, and the chain head's row lock, which
 * serialises every writer on every instance, is held only from here to the commit.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('AuditTrail');

  constructor(private readonly dataSource: DataSource) {}

  async record(entry: AuditEntry, em?: EntityManager): Promise<void> {
    const request = currentRequest();
    const actor = entry.actor ?? (request?.principal ? actorOf(request.principal) : { kind: request ? 'anonymous' : 'system' });
    const append = async (tx: EntityManager) => {
      const [head] = await tx.query(
        `select last_id::text as last_id, last_hash, to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
           from audit_chain_head for update`,
      );
      const record: AuditRecord = {
        id: Number(head.last_id) + 1,
        at: head.at,
        actorKind: actor.kind,
        actorId: actor.id ?? null,
        actorUsername: actor.username ?? null,
        actorRole: actor.role ?? null,
        clientAddress: request?.address ?? null,
        requestId: request?.requestId ?? null,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        detail: entry.detail ?? {},
        result: entry.result,
      };
      const hash = chainHash(head.last_hash, record);
      // One round trip for the record and the head: the head's lock is held from the select to the commit.
      await tx.query(
        `with appended as (
           insert into audit_log (id, at, actor_kind, actor_id, actor_username, actor_role, client_address, request_id,
                                  action, target_type, target_id, detail, result, prev_hash, hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15))
         update audit_chain_head set last_id = $1, last_hash = $15`,
        [
          record.id,
          record.at,
          record.actorKind,
          record.actorId,
          record.actorUsername,
          record.actorRole,
          record.clientAddress,
          record.requestId,
          record.action,
          record.targetType,
          record.targetId,
          JSON.stringify(record.detail),
          record.result,
          head.last_hash,
          hash,
        ],
      );
    };
    if (em) await append(em);
    else await this.dataSource.transaction(append);
  }

  /**
   * For refusals and failures: the request is refused whatever happens here, so a trail that cannot
   * be written (the database gone) is logged instead of turning the refusal into a 500.
   */
  async recordQuietly(entry: AuditEntry): Promise<void> {
    try {
      await this.record(entry);
    } catch (err) {
      this.logger.error({ msg: 'audit record not written', action: entry.action, result: entry.result, error: (err as Error).message });
    }
  }

  /**
   * A refused request, as `access.denied` on its route: by the route's pattern, not its path, which
   * may hold a citizen's access code. Quietly, as every refusal.
   */
  recordAccessDenied(request: RouteRequest, detail: Record<string, unknown>): Promise<void> {
    return this.recordQuietly({
      action: 'access.denied',
      targetType: 'route',
      targetId: `${request.method} ${request.routeOptions?.url ?? '?'}`,
      result: 'denied',
      detail,
    });
  }
}
