import { Col, Form, Input, InputNumber, Row, Switch, Tag, TimePicker } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import { categoriesApi } from '../../api/admin';
import { WindowCategory } from '../../api/types';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { pick } from '../../../../src/common/pick';
import { AdminTable, EditActions, EditModal, useEditing, useRowRemove } from './admin-table';
import { hhmm, useCategories } from './hall-data';

dayjs.extend(customParseFormat);

interface CategoryForm {
  prefix: string;
  name: string;
  description?: string;
  dailyCap?: number | null;
  issueFrom?: Dayjs | null;
  issueUntil?: Dayjs | null;
  sortOrder?: number | null;
  realName?: boolean;
  personDailyLimit?: number | null;
}

const toTime = (time: string | null) => (time ? dayjs(hhmm(time), 'HH:mm') : null);

// PATCH keeps what a body leaves out, so a field the admin cleared is sent as null.
const toBody = (v: CategoryForm) => ({
  prefix: v.prefix,
  name: v.name,
  description: v.description || null,
  dailyCap: v.dailyCap ?? null,
  issueFrom: v.issueFrom?.format('HH:mm') ?? null,
  issueUntil: v.issueUntil?.format('HH:mm') ?? null,
  sortOrder: v.sortOrder ?? 0,
  realName: v.realName ?? false,
  personDailyLimit: v.personDailyLimit ?? 2,
});

export function CategoriesPage() {
  const { t } = useI18n();
  const { hall } = useHall();
  const categories = useCategories(hall.id);
  const editing = useEditing<WindowCategory>();
  const { current } = editing;
  const remove = useRowRemove<WindowCategory>(categories, categoriesApi.remove, 'categories.deleteConfirm');

  return (
    <AdminTable<WindowCategory>
      words="categories"
      editing={editing}
      rows={categories}
      columns={[
        {
          title: t('categories.prefix'),
          dataIndex: 'prefix',
          width: 110,
          render: (p: string) => (
            <Tag color="blue" className="prefix-tag">
              {p}
            </Tag>
          ),
        },
        { title: t('categories.name'), dataIndex: 'name' },
        { title: t('categories.description'), dataIndex: 'description', render: (d: string | null) => d || '—' },
        { title: t('categories.dailyCap'), dataIndex: 'dailyCap', width: 140, render: (n: number | null) => n ?? t('common.unlimited') },
        {
          title: t('categories.issueHours'),
          width: 160,
          render: (_, c) =>
            c.issueFrom || c.issueUntil ? `${hhmm(c.issueFrom) ?? ''}–${hhmm(c.issueUntil) ?? ''}` : t('common.unlimited'),
        },
        {
          title: t('categories.realName'),
          width: 140,
          render: (_, c) => (c.realName ? <Tag color="volcano">{t('categories.realNameOn', { n: c.personDailyLimit })}</Tag> : '—'),
        },
        { title: t('categories.sortOrder'), dataIndex: 'sortOrder', width: 80 },
      ]}
      actions={{ width: 140, render: (c) => <EditActions row={c} editing={editing} remove={remove} /> }}
    >
      <EditModal<CategoryForm, WindowCategory>
        editing={editing}
        rows={categories}
        words="categories"
        nameOf={(c) => c.name}
        valuesOf={(c) => ({
          ...pick(c, ['prefix', 'name', 'dailyCap', 'sortOrder', 'realName', 'personDailyLimit']),
          description: c.description ?? undefined,
          issueFrom: toTime(c.issueFrom),
          issueUntil: toTime(c.issueUntil),
        })}
        newValues={{ sortOrder: (categories.data?.length ?? 0) + 1, realName: false, personDailyLimit: 2 }}
        submit={(v) => (current ? categoriesApi.update(current.id, toBody(v)) : categoriesApi.create(hall.id, toBody(v)))}
        codeFields={{ DUPLICATE_PREFIX: 'prefix' }}
        width={680}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="prefix"
              label={t('categories.prefix')}
              tooltip={t('categories.prefixHelp')}
              rules={[{ required: true }]}
              normalize={(v: string) => v.toUpperCase()}
            >
              <Input maxLength={1} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('categories.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('categories.description')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="dailyCap" label={t('categories.dailyCap')} tooltip={t('categories.dailyCapHelp')}>
              <InputNumber min={1} precision={0} placeholder={t('common.unlimited')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="issueFrom" label={t('categories.issueFrom')}>
              <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="issueUntil" label={t('categories.issueUntil')}>
              <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="sortOrder" label={t('categories.sortOrder')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="realName" label={t('categories.realName')} tooltip={t('categories.realNameHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="personDailyLimit" label={t('categories.personDailyLimit')} tooltip={t('categories.personDailyLimitHelp')}>
              <InputNumber min={1} max={50} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </EditModal>
    </AdminTable>
  );
}
