/** The roles that work in or configure the halls: the routes that read a hall's set-up admit these. */
export const HALL_STAFF_ROLES = ['clerk', 'approver', 'manager', 'admin'] as const;
/**
 * 三员分立: `admin` is the system administrator (configuration), `security_admin` manages staff
 * accounts and roles, `audit_admin` reads the audit trail and nothing else. Each account has one role.
 */
export const STAFF_ROLES = [...HALL_STAFF_ROLES, 'security_admin', 'audit_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Roles whose holders work across every hall rather than in the halls they belong to. */
const ALL_HALL_ROLES: readonly StaffRole[] = ['admin', 'security_admin'];
export const DEVICE_ROLES = ['display', 'kiosk'] as const;
export type DeviceRole = (typeof DEVICE_ROLES)[number];
export type Role = StaffRole | DeviceRole;

export interface StaffPrincipal {
  kind: 'user';
  id: string;
  username: string;
  role: StaffRole;
  hallIds: string[];
  departmentId: string | null;
  /** The staff_sessions row of the token (absent in the principal of an account as stored). */
  sessionId?: string;
}

export interface DevicePrincipal {
  kind: 'device';
  id: string;
  role: DeviceRole;
  hallId: string;
}

export type Principal = StaffPrincipal | DevicePrincipal;

/**
 * Admins configure every hall and security administrators keep the accounts of every hall; everyone
 * else sees only the halls they belong to (a device: its one hall).
 */
export function canAccessHall(principal: Principal, hallId: string): boolean {
  if (principal.kind === 'device') return principal.hallId === hallId;
  return ALL_HALL_ROLES.includes(principal.role) || principal.hallIds.includes(hallId);
}

/** Whether two principals grant the same: the same account or device, role, halls and department. */
export function samePrincipal(a: Principal, b: Principal): boolean {
  if (a.kind === 'device' || b.kind === 'device') {
    return a.kind === 'device' && b.kind === 'device' && a.id === b.id && a.role === b.role && a.hallId === b.hallId;
  }
  const halls = (p: StaffPrincipal) => [...p.hallIds].sort().join();
  return a.id === b.id && a.role === b.role && a.departmentId === b.departmentId && halls(a) === halls(b);
}
