import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Popconfirm, Space, Table } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/http';
import { Department } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { PageHeader } from '../../components/page-header';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { useDepartments, useItems, useStaff } from './hall-data';

interface DepartmentForm {
  code: string;
  name: string;
}

const countBy = <T,>(rows: T[] | undefined, key: (row: T) => string | null) => {
  const counts = new Map<string, number>();
  for (const row of rows ?? []) {
    const k = key(row);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
};

export function DepartmentsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hall } = useHall();
  const departments = useDepartments(hall.id);
  const items = useItems(hall.id);
  const staff = useStaff(hall.id);
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  // Shown so an admin sees beforehand why a delete will be refused.
  const itemCounts = useMemo(() => countBy(items.data, (i) => i.departmentId), [items.data]);
  const staffCounts = useMemo(() => countBy(staff.data, (u) => u.departmentId), [staff.data]);

  const remove = async (d: Department) => {
    await api.delete(`/departments/${d.id}`);
    void message.success(t('common.deleted'));
    await departments.reload();
  };

  return (
    <>
      <PageHeader
        title={t('departments.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('departments.new')}
          </Button>
        }
      />
      <Table<Department>
        rowKey="id"
        loading={departments.loading}
        dataSource={departments.data}
        pagination={false}
        columns={[
          { title: t('departments.code'), dataIndex: 'code', width: 140 },
          { title: t('departments.name'), dataIndex: 'name' },
          { title: t('departments.items'), width: 100, render: (_, d) => itemCounts.get(d.id) ?? 0 },
          { title: t('departments.staff'), width: 100, render: (_, d) => staffCounts.get(d.id) ?? 0 },
          {
            title: t('common.actions'),
            width: 140,
            render: (_, d) => (
              <Space>
                <Button type="link" size="small" onClick={() => setEditing(d)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('departments.deleteConfirm', { name: d.name })}
                  onConfirm={() => remove(d)}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                >
                  <Button type="link" size="small" danger>
                    {t('common.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<DepartmentForm>
        open={editing !== null}
        title={current ? t('departments.editTitle', { name: current.name }) : t('departments.new')}
        initialValues={current ? { code: current.code, name: current.name } : undefined}
        submit={(v) =>
          current
            ? api.patch(`/departments/${current.id}`, v, { silent: true })
            : api.post(`/halls/${hall.id}/departments`, v, { silent: true })
        }
        codeFields={{ DUPLICATE_CODE: 'code' }}
        success={current ? t('common.saved') : t('common.created')}
        close={() => setEditing(null)}
        saved={() => void departments.reload()}
      >
        <Form.Item name="code" label={t('departments.code')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('departments.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
      </FormModal>
    </>
  );
}
