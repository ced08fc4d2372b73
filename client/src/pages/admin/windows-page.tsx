import { Badge, Flex, Form, Input, InputNumber, Select, Space, Switch, Tag } from 'antd';
import { useMemo } from 'react';
import { windowsApi } from '../../api/admin';
import { HallWindow, ServedCategory, WINDOW_KINDS, WindowKind, WindowStatus } from '../../api/types';
import { FormRows } from '../../components/form-rows';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../../../src/common/pick';
import { AdminTable, EditActions, EditModal, RowChanges, useEditing, useRowAction } from './admin-table';
import { categoryLabel, useCategories, useWindows } from './hall-data';

interface WindowForm {
  number: number;
  name: string;
  kind: WindowKind;
  categories: ServedCategory[];
  active?: boolean;
}

const STATUS_BADGE: Record<WindowStatus, 'success' | 'warning' | 'default'> = { open: 'success', paused: 'warning', closed: 'default' };

export function WindowsPage() {
  const { t } = useI18n();
  const { hall } = useHall();
  const windows = useWindows(hall.id);
  const categories = useCategories(hall.id);
  const editing = useEditing<HallWindow>();
  const { current } = editing;
  const categoryById = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);
  const act = useRowAction(windows);
  const activation: RowChanges<HallWindow>['activation'] = {
    confirm: (w) => t('windows.deactivateConfirm', { name: w.name }),
    run: (w, active) => act(() => windowsApi.update(w.id, { active }, {}), t('common.saved')),
  };

  const nextNumber = Math.max(0, ...(windows.data ?? []).map((w) => w.number)) + 1;

  return (
    <AdminTable<HallWindow>
      words="windows"
      editing={editing}
      rows={windows}
      rowClassName={(w) => (w.active ? '' : 'row-retired')}
      columns={[
        { title: t('windows.number'), dataIndex: 'number', width: 100, render: (n: number) => t('windows.numberShort', { n }) },
        { title: t('windows.name'), dataIndex: 'name' },
        { title: t('windows.kind'), dataIndex: 'kind', width: 150, render: (k: WindowKind) => t(`windowKind.${k}`) },
        {
          title: t('windows.categories'),
          dataIndex: 'categories',
          render: (served: ServedCategory[]) => (
            <Flex gap={4} wrap>
              {served.map((s) => {
                const c = categoryById.get(s.categoryId);
                return (
                  <Tag key={s.categoryId}>
                    {c ? categoryLabel(c) : s.categoryId} × {s.weight}
                  </Tag>
                );
              })}
            </Flex>
          ),
        },
        {
          title: t('windows.liveStatus'),
          dataIndex: 'status',
          width: 100,
          render: (s: WindowStatus) => <Badge status={STATUS_BADGE[s]} text={t(`windowStatus.${s}`)} />,
        },
        {
          title: t('windows.active'),
          dataIndex: 'active',
          width: 90,
          render: (active: boolean) => (active ? t('common.enabled') : <Tag>{t('common.disabled')}</Tag>),
        },
      ]}
      actions={{ width: 140, render: (w) => <EditActions row={w} editing={editing} activation={activation} /> }}
    >
      <EditModal<WindowForm, HallWindow>
        editing={editing}
        rows={windows}
        width={640}
        words="windows"
        nameOf={(w) => w.name}
        valuesOf={(w) => ({
          ...pick(w, ['number', 'name', 'kind', 'active']),
          categories: w.categories.map(({ categoryId, weight }) => ({ categoryId, weight })),
        })}
        newValues={{ number: nextNumber, name: `${nextNumber}号综合窗口`, kind: 'comprehensive', categories: [] }}
        submit={(v) => (current ? windowsApi.update(current.id, v) : windowsApi.create(hall.id, v))}
        codeFields={{ DUPLICATE_WINDOW_NUMBER: 'number' }}
      >
        <Space align="start" size="middle" style={{ display: 'flex' }}>
          <Form.Item name="number" label={t('windows.number')} rules={[{ required: true }]}>
            <InputNumber min={1} max={999} precision={0} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="name" label={t('windows.name')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="kind" label={t('windows.kind')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={WINDOW_KINDS.map((k) => ({ value: k, label: t(`windowKind.${k}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item label={t('windows.categories')} tooltip={t('windows.weightHelp')}>
          <FormRows
            name="categories"
            newRow={{ weight: 1 }}
            addLabel={t('windows.addCategory')}
            columns={[
              {
                field: 'categoryId',
                label: t('windows.category'),
                flex: 1,
                rules: [{ required: true }],
                input: (label) => (
                  <Select aria-label={label} options={(categories.data ?? []).map((c) => ({ value: c.id, label: categoryLabel(c) }))} />
                ),
              },
              {
                field: 'weight',
                label: t('windows.weight'),
                rules: [{ required: true }],
                input: (label) => (
                  <InputNumber aria-label={label} prefix={t('windows.weight')} min={1} max={100} precision={0} style={{ width: 150 }} />
                ),
              },
            ]}
          />
        </Form.Item>
        {current && (
          <Form.Item name="active" label={t('windows.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </EditModal>
    </AdminTable>
  );
}
