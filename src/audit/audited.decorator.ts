import { SetMetadata } from '@nestjs/common';

export const AUDITED_KEY = 'onewindow:audited';

export interface AuditedRoute {
  /** The action code recorded, e.g. `hall.update`. */
  action: string;
  targetType: string;
  /** The path parameter naming the target; without it, the `id` of what the route answers. */
  param?: string;
  /**
   * The service records the success in the transaction of the change (accounts, device tokens):
   * the interceptor then records only refusals and failures.
   */
  successInService?: boolean;
}

/** A staff action the audit trail records with its outcome: success, denied (403) or failed. */
export const Audited = (route: AuditedRoute) => SetMetadata(AUDITED_KEY, route);
