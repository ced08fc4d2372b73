import { AppstoreOutlined, ApartmentOutlined, DesktopOutlined, KeyOutlined, TagsOutlined } from '@ant-design/icons';
import { Layout, Menu } from 'antd';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { MessageKey } from '../../i18n/messages';

const SECTIONS: { path: string; label: MessageKey; icon: JSX.Element }[] = [
  { path: '/admin/catalogue', label: 'admin.catalogue', icon: <AppstoreOutlined /> },
  { path: '/admin/windows', label: 'admin.windows', icon: <DesktopOutlined /> },
  { path: '/admin/categories', label: 'admin.categories', icon: <TagsOutlined /> },
  { path: '/admin/departments', label: 'admin.departments', icon: <ApartmentOutlined /> },
  { path: '/admin/devices', label: 'admin.devices', icon: <KeyOutlined /> },
];

export function AdminLayout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const selected = SECTIONS.find((s) => pathname.startsWith(s.path))?.path;
  return (
    <Layout className="admin-layout">
      <Layout.Sider width={200} theme="light" breakpoint="lg" collapsedWidth={0} className="admin-sider">
        <Menu
          mode="inline"
          aria-label={t('nav.adminMenu')}
          selectedKeys={selected ? [selected] : []}
          items={SECTIONS.map((s) => ({ key: s.path, icon: s.icon, label: <Link to={s.path}>{t(s.label)}</Link> }))}
        />
      </Layout.Sider>
      <Layout.Content className="admin-content">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
