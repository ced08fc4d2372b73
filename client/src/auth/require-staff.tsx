import { Button, Result } from 'antd';
import { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { StaffRole } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useAuth } from './auth';
import { homeOf } from './staff-pages';

/** Sends the signed-out to the login page (and back afterwards), and stops roles the page is not for. */
export function RequireStaff({ roles, children }: { roles: readonly StaffRole[]; children: ReactNode }) {
  const { user, roleChanged } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  if (!user) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (!roles.includes(user.role)) {
    // An admin changed the account's role while the tab was open (AuthProvider follows it): the new home, not a refusal.
    if (roleChanged) return <Navigate to={homeOf(user.role)} replace />;
    return (
      <Result
        status="403"
        title="403"
        subTitle={t('common.forbidden')}
        extra={
          <Link to={homeOf(user.role)}>
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}

/** `/`: the signed-in go to their role's home page, everyone else to the login page. */
export function HomeRedirect() {
  const { user } = useAuth();
  return <Navigate to={user ? homeOf(user.role) : '/login'} replace />;
}
