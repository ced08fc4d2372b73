import { Form, Input, Select, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { usersApi } from '../../api/admin';
import { StaffRole, StaffUser } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../../../src/common/pick';
import { AdminTable, EditActions, EditModal, RowChanges, useEditing, useRowAction } from './admin-table';
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
  const { hall, halls } = useHall();
  const { user: me } = useAuth();
  const users = useStaff(hall.id);
  const departments = useDepartments(hall.id);
  const editing = useEditing<StaffUser>();
  const { current } = editing;
  const departmentName = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d.name])), [departments.data]);
  const hallName = useMemo(() => new Map(halls.map((h) => [h.id, h.name])), [halls]);

  const act = useRowAction(users);
  const activation: RowChanges<StaffUser>['activation'] = {
    confirm: (u) => t('users.deactivateConfirm', { name: u.displayName }),
    run: (u, active) => act(() => usersApi.update(u.id, { active }, {}), active ? t('users.activated') : t('users.deactivated')),
  };

  const submit = (v: UserForm) => {
    const departmentId = v.role === 'approver' ? (v.departmentId ?? null) : null;
    if (!current) return usersApi.create({ ...v, departmentId: departmentId ?? undefined });
    const { username: _username, password, ...changes } = v;
    return usersApi.update(current.id, { ...changes, departmentId, ...(password ? { password } : {}) });
  };

  return (
    <AdminTable<StaffUser>
      words="users"
      editing={editing}
      rows={users}
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
      ]}
      actions={{
        width: 140,
        // Nobody changes their own account here, nor a security administrator's (the server refuses both).
        render: (u) =>
          u.id === me?.id || u.role === 'security_admin' ? (
            <Typography.Text type="secondary" data-testid="not-manageable">
              {u.id === me?.id ? t('users.ownAccount') : t('users.securityAdminAccount')}
            </Typography.Text>
          ) : (
            <EditActions row={u} editing={editing} activation={activation} />
          ),
      }}
    >
      <EditModal<UserForm, StaffUser>
        editing={editing}
        rows={users}
        words="users"
        nameOf={(u) => u.displayName}
        valuesOf={(u) => pick(u, ['username', 'displayName', 'role', 'departmentId', 'hallIds'])}
        newValues={{ role: 'clerk', hallIds: [hall.id] }}
        submit={submit}
        codeFields={{ DUPLICATE_USERNAME: 'username', APPROVER_NEEDS_DEPARTMENT: 'departmentId', PASSWORD_POLICY: 'password' }}
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
      </EditModal>
    </AdminTable>
  );
}
