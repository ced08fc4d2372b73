import { Form, Input } from 'antd';
import { useMemo } from 'react';
import { departmentsApi } from '../../api/admin';
import { Department } from '../../api/types';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../../../src/common/pick';
import { AdminTable, EditActions, EditModal, useEditing, useRowRemove } from './admin-table';
import { useDepartments, useItems, useStaff } from './hall-data';

interface DepartmentForm {
  code: string;
  name: string;
}

const countBy = <T,>(rows: T[] | undefined, key: (row: T) => string | null | undefined) => {
  const counts = new Map<string, number>();
  for (const row of rows ?? []) {
    const k = key(row);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
};

export function DepartmentsPage() {
  const { t } = useI18n();
  const { hall } = useHall();
  const departments = useDepartments(hall.id);
  const items = useItems(hall.id);
  const staff = useStaff(hall.id);
  const editing = useEditing<Department>();
  const { current } = editing;
  const remove = useRowRemove<Department>(departments, departmentsApi.remove, 'departments.deleteConfirm');
  // Shown so an admin sees beforehand why a delete will be refused.
  const itemCounts = useMemo(() => countBy(items.data, (i) => i.departmentId), [items.data]);
  const staffCounts = useMemo(() => countBy(staff.data, (u) => u.departmentId), [staff.data]);

  return (
    <AdminTable<Department>
      words="departments"
      editing={editing}
      rows={departments}
      columns={[
        { title: t('departments.code'), dataIndex: 'code', width: 140 },
        { title: t('departments.name'), dataIndex: 'name' },
        { title: t('departments.items'), width: 100, render: (_, d) => itemCounts.get(d.id) ?? 0 },
        { title: t('departments.staff'), width: 100, render: (_, d) => staffCounts.get(d.id) ?? 0 },
      ]}
      actions={{ width: 140, render: (d) => <EditActions row={d} editing={editing} remove={remove} /> }}
    >
      <EditModal<DepartmentForm, Department>
        words="departments"
        editing={editing}
        rows={departments}
        nameOf={(d) => d.name}
        valuesOf={(d) => pick(d, ['code', 'name'])}
        submit={(v) => (current ? departmentsApi.update(current.id, v) : departmentsApi.create(hall.id, v))}
        codeFields={{ DUPLICATE_CODE: 'code' }}
      >
        <Form.Item name="code" label={t('departments.code')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('departments.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
      </EditModal>
    </AdminTable>
  );
}
