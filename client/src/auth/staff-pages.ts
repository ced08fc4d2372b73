import { StaffRole } from '../api/types';
import { MessageKey } from '../i18n/messages';

export interface StaffPage {
  path: string;
  label: MessageKey;
  roles: readonly StaffRole[];
}

/**
 * The staff pages and who may open them, in menu order; a role's first page is its home.
 * The server denies every route not granted to the role, so this only shapes the menu and
 * spares staff pages they could not use anyway.
 */
export const STAFF_PAGES: readonly StaffPage[] = [
  { path: '/console', label: 'nav.console', roles: ['clerk'] },
  { path: '/pickup', label: 'nav.pickup', roles: ['clerk'] },
  { path: '/backoffice', label: 'nav.backoffice', roles: ['approver', 'manager'] },
  { path: '/manager', label: 'nav.manager', roles: ['manager'] },
  // After the manager's own pages, so that their home stays the back office: managers follow the
  // 网上预审 list read-only; only clerks decide.
  { path: '/pre-exam', label: 'nav.preExam', roles: ['clerk', 'manager'] },
  { path: '/admin', label: 'nav.admin', roles: ['admin'] },
  // 三员分立: accounts are the security administrator's, the audit trail the audit administrator's.
  { path: '/accounts', label: 'nav.accounts', roles: ['security_admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['audit_admin'] },
];

export function pagesFor(role: StaffRole): StaffPage[] {
  return STAFF_PAGES.filter((p) => p.roles.includes(role));
}

export function homeOf(role: StaffRole): string {
  return pagesFor(role)[0]?.path ?? '/login';
}
