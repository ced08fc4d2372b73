import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/http';
import { StaffRole, StaffUser } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { PageHeader } from '../../components/page-header';
import { useAuth } from '../../auth/auth';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { useDepartments, useStaff } from './hall-data';

const ROLES: StaffRole[] = ['clerk', 'approver', 'manager', 'admin', 'security_admin', 'audit_admin'];
/** 三员分立: the security administrator's role is provisioned by the operator, never granted here. */
const GRANTABLE: StaffRole[] = ROLES.filter((r) => r !== 'security_admin');
const ROLE_COLORS: Record<StaffRole, string> = {
  clerk: 'blue',
  approver: 'purple',
  manager: 'gold',
  admin: 'red',
  security_admin: 'volcano',
  audit_admin: 'cyan',
};

interface UserForm {
  username: string;
  displayName: string;
  password?: string;
  role: StaffRole;
  departmentId?: string | null;
  hallIds: string[];
}

export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hall, halls } = useHall();
  const { user: me } = useAuth();
  const users = useStaff(hall.id);
  const departments = useDepartments(hall.id);
  const [editing, setEditing] = useState<StaffUser | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  const departmentName = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d.name])), [departments.data]);
  const hallName = useMemo(() => new Map(halls.map((h) => [h.id, h.name])), [halls]);

  const setActive = async (u: StaffUser, active: boolean) => {
    await api.patch(`/users/${u.id}`, { active });
    void message.success(active ? t('users.activated') : t('users.deactivated'));
    await users.reload();
  };

  const submit = (v: UserForm) => {
    const departmentId = v.role === 'approver' ? (v.departmentId ?? null) : null;
    if (!current) return api.post('/users', { ...v, departmentId: departmentId ?? undefined }, { silent: true });
    const { username: _username, password, ...changes } = v;
    return api.patch(`/users/${current.id}`, { ...changes, departmentId, ...(password ? { password } : {}) }, { silent: true });
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('users.new')}
          </Button>
        }
      />
      <Table<StaffUser>
        rowKey="id"
        loading={users.loading}
        dataSource={users.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        rowClassName={(u) => (u.active ? '' : 'row-retired')}
        columns={[
          { title: t('users.displayName'), dataIndex: 'displayName', width: 140 },
          { title: t('users.username'), dataIndex: 'username', width: 160 },
          {
            title: t('users.role'),
            dataIndex: 'role',
            width: 130,
            filters: ROLES.map((r) => ({ text: t(`role.${r}`), value: r })),
            onFilter: (role, u) => u.role === role,
            render: (r: StaffRole) => <Tag color={ROLE_COLORS[r]}>{t(`role.${r}`)}</Tag>,
          },
          {
            title: t('users.department'),
            dataIndex: 'departmentId',
            render: (id: string | null) => (id ? (departmentName.get(id) ?? '—') : '—'),
          },
          { title: t('users.halls'), dataIndex: 'hallIds', render: (ids: string[]) => ids.map((id) => hallName.get(id) ?? id).join('、') },
          {
            title: t('common.status'),
            dataIndex: 'active',
            width: 90,
            render: (active: boolean) => (active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>),
          },
          {
            title: t('common.actions'),
            width: 140,
            // Nobody changes their own account here, nor a security administrator's (the server refuses both).
            render: (_, u) =>
              u.id === me?.id || u.role === 'security_admin' ? (
                <Typography.Text type="secondary" data-testid="not-manageable">
                  {u.id === me?.id ? t('users.ownAccount') : t('users.securityAdminAccount')}
                </Typography.Text>
              ) : (
                <Space>
                  <Button type="link" size="small" onClick={() => setEditing(u)}>
                    {t('common.edit')}
                  </Button>
                  {u.active ? (
                    <Popconfirm
                      title={t('users.deactivateConfirm', { name: u.displayName })}
                      onConfirm={() => setActive(u, false)}
                      okText={t('common.deactivate')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                    >
                      <Button type="link" size="small" danger>
                        {t('common.deactivate')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button type="link" size="small" onClick={() => setActive(u, true)}>
                      {t('common.activate')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <FormModal<UserForm>
        open={editing !== null}
        title={current ? t('users.editTitle', { name: current.displayName }) : t('users.new')}
        initialValues={
          current
            ? {
                username: current.username,
                displayName: current.displayName,
                role: current.role,
                departmentId: current.departmentId,
                hallIds: current.hallIds,
              }
            : { role: 'clerk', hallIds: [hall.id] }
        }
        submit={submit}
        codeFields={{ DUPLICATE_USERNAME: 'username', APPROVER_NEEDS_DEPARTMENT: 'departmentId', PASSWORD_POLICY: 'password' }}
        success={current ? t('common.saved') : t('common.created')}
        close={() => setEditing(null)}
        saved={() => void users.reload()}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={current ? undefined : t('users.usernameHelp')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input autoComplete="off" disabled={!!current} maxLength={40} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="password"
          label={current ? t('users.newPassword') : t('users.password')}
          extra={current ? t('users.newPasswordHelp') : t('users.passwordHelp')}
          rules={[{ required: !current }, { min: 10 }]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={GRANTABLE.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item noStyle dependencies={['role']}>
          {({ getFieldValue }) =>
            getFieldValue('role') === 'approver' && (
              <Form.Item name="departmentId" label={t('users.department')} extra={t('users.departmentHelp')} rules={[{ required: true }]}>
                <Select options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))} />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="hallIds" label={t('users.halls')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" options={halls.map((h) => ({ value: h.id, label: h.name }))} />
        </Form.Item>
      </FormModal>
    </>
  );
}
