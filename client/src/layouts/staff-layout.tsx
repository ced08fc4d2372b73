import { DownOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Tag } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth';
import { pagesFor } from '../auth/staff-pages';
import { LanguageSwitch } from '../components/language-switch';
import { HallProvider, HallSelector } from '../hall/hall';
import { useI18n } from '../i18n/i18n';

/**
 * Hall staff's frame: the role's pages in the top menu, hall, language and account on the right.
 * `withoutHall`: for a role that works in no hall (the audit administrator), no hall is loaded or shown.
 */
export function StaffLayout({ withoutHall = false }: { withoutHall?: boolean }) {
  const { user, logout } = useAuth();
  const { t } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  if (!user) return null;
  const pages = pagesFor(user.role);
  const selected = pages.find((p) => location.pathname === p.path || location.pathname.startsWith(`${p.path}/`))?.path;

  const frame = (
    <Layout className="staff-layout">
      <Layout.Header className="staff-header">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-subtitle">{t('app.subtitle')}</span>
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          aria-label={t('nav.mainMenu')}
          selectedKeys={selected ? [selected] : []}
          items={pages.map((p) => ({ key: p.path, label: <Link to={p.path}>{t(p.label)}</Link> }))}
          className="staff-menu"
        />
        <div className="header-tools">
          {withoutHall ? null : <HallSelector />}
          <LanguageSwitch className="header-button" />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'account', icon: <SafetyCertificateOutlined />, label: t('user.account') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout') },
              ],
              onClick: ({ key }) => {
                if (key === 'account') {
                  navigate('/account');
                  return;
                }
                logout();
                navigate('/login', { replace: true });
              },
            }}
          >
            <Button type="text" className="header-button" aria-label={t('user.menu')}>
              <UserOutlined />
              {user.displayName}
              <Tag color="blue" bordered={false} style={{ marginInlineEnd: 0 }}>
                {t(`role.${user.role}`)}
              </Tag>
              <DownOutlined />
            </Button>
          </Dropdown>
        </div>
      </Layout.Header>
      <Layout.Content className="staff-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
  return withoutHall ? frame : <HallProvider>{frame}</HallProvider>;
}
