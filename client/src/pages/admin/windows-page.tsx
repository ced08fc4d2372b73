import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Badge, Button, Flex, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/http';
import { HallWindow, ServedCategory, WINDOW_KINDS, WindowKind, WindowStatus } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { PageHeader } from '../../components/page-header';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
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
  const { message } = App.useApp();
  const { hall } = useHall();
  const windows = useWindows(hall.id);
  const categories = useCategories(hall.id);
  const [editing, setEditing] = useState<HallWindow | 'new' | null>(null);
  const current = editing === 'new' ? null : editing;
  const categoryById = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);

  const setActive = async (w: HallWindow, active: boolean) => {
    await api.patch(`/windows/${w.id}`, { active });
    void message.success(t('common.saved'));
    await windows.reload();
  };

  const nextNumber = Math.max(0, ...(windows.data ?? []).map((w) => w.number)) + 1;

  return (
    <>
      <PageHeader
        title={t('windows.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('windows.new')}
          </Button>
        }
      />
      <Table<HallWindow>
        rowKey="id"
        loading={windows.loading}
        dataSource={windows.data}
        pagination={false}
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
          {
            title: t('common.actions'),
            width: 140,
            render: (_, w) => (
              <Space>
                <Button type="link" size="small" onClick={() => setEditing(w)}>
                  {t('common.edit')}
                </Button>
                {w.active ? (
                  <Popconfirm
                    title={t('windows.deactivateConfirm', { name: w.name })}
                    onConfirm={() => setActive(w, false)}
                    okText={t('common.deactivate')}
                    cancelText={t('common.cancel')}
                  >
                    <Button type="link" size="small" danger>
                      {t('common.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button type="link" size="small" onClick={() => setActive(w, true)}>
                    {t('common.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <FormModal<WindowForm>
        open={editing !== null}
        width={640}
        title={current ? t('windows.editTitle', { name: current.name }) : t('windows.new')}
        initialValues={
          current
            ? {
                number: current.number,
                name: current.name,
                kind: current.kind,
                active: current.active,
                categories: current.categories.map(({ categoryId, weight }) => ({ categoryId, weight })),
              }
            : { number: nextNumber, name: `${nextNumber}号综合窗口`, kind: 'comprehensive', categories: [] }
        }
        submit={(v) =>
          current ? api.patch(`/windows/${current.id}`, v, { silent: true }) : api.post(`/halls/${hall.id}/windows`, v, { silent: true })
        }
        codeFields={{ DUPLICATE_WINDOW_NUMBER: 'number' }}
        success={current ? t('common.saved') : t('common.created')}
        close={() => setEditing(null)}
        saved={() => void windows.reload()}
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
          <Form.List name="categories">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8}>
                {fields.map((field, index) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item name={[field.name, 'categoryId']} rules={[{ required: true }]} style={{ flex: 1, marginBottom: 0 }}>
                      <Select
                        aria-label={t('catalogue.rowLabel', { n: index + 1, label: t('windows.category') })}
                        options={(categories.data ?? []).map((c) => ({ value: c.id, label: categoryLabel(c) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'weight']} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                      <InputNumber
                        aria-label={t('catalogue.rowLabel', { n: index + 1, label: t('windows.weight') })}
                        prefix={t('windows.weight')}
                        min={1}
                        max={100}
                        precision={0}
                        style={{ width: 150 }}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={`${t('common.remove')} ${index + 1}`}
                    />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ weight: 1 })} style={{ alignSelf: 'flex-start' }}>
                  {t('windows.addCategory')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
        {current && (
          <Form.Item name="active" label={t('windows.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </FormModal>
    </>
  );
}
