import { Button, Flex, Input, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { CASE_TYPES, CaseType, ServiceItem, TimeLimit } from '../../../api/types';
import { useHall } from '../../../hall/hall';
import { useI18n } from '../../../i18n/i18n';
import { AdminTable, RowLink, useEditing } from '../admin-table';
import { categoryLabel, useCategories, useDepartments, useItems } from '../hall-data';
import { ItemDetail } from './item-detail';
import { ItemFormDrawer } from './item-form';
import { CaseTypeTag, FlagTags, LimitText } from './item-labels';

interface Filters {
  text: string;
  departmentId?: string;
  categoryId?: string;
  caseType?: CaseType;
}

// Sorting limits across units: near enough for ordering a list, not for deadlines.
const MINUTES_PER: Record<TimeLimit['unit'], number> = { minutes: 1, working_hours: 60, working_days: 8 * 60, natural_days: 24 * 60 };
const limitMinutes = (l: TimeLimit | null) => (l ? l.value * MINUTES_PER[l.unit] : Number.MAX_SAFE_INTEGER);

export function CataloguePage() {
  const { t } = useI18n();
  const { hall } = useHall();
  const items = useItems(hall.id);
  const departments = useDepartments(hall.id);
  const categories = useCategories(hall.id);
  const [filters, setFilters] = useState<Filters>({ text: '' });
  const [shown, setShown] = useState<ServiceItem | null>(null);
  const editing = useEditing<ServiceItem>();

  const departmentById = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d])), [departments.data]);
  const categoryById = useMemo(() => new Map((categories.data ?? []).map((c) => [c.id, c])), [categories.data]);

  const rows = useMemo(() => {
    const text = filters.text.trim().toLowerCase();
    return (items.data ?? []).filter(
      (i) =>
        (!text || i.name.toLowerCase().includes(text) || i.implementationCode.toLowerCase().includes(text) || i.basicCode.includes(text)) &&
        (!filters.departmentId || i.departmentId === filters.departmentId) &&
        (!filters.categoryId || i.categoryId === filters.categoryId) &&
        (!filters.caseType || i.caseType === filters.caseType),
    );
  }, [items.data, filters]);

  const filter = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const filterSelect = <K extends 'departmentId' | 'categoryId' | 'caseType'>(
    key: K,
    label: string,
    width: number,
    options: { value: NonNullable<Filters[K]>; label: string }[],
  ) => (
    <Select
      allowClear
      aria-label={t('catalogue.filterBy', { label })}
      placeholder={label}
      style={{ width }}
      value={filters[key]}
      onChange={(value?: Filters[K]) => filter({ [key]: value })}
      options={options}
    />
  );

  return (
    <AdminTable<ServiceItem>
      words="catalogue"
      editing={editing}
      rows={items}
      dataSource={rows}
      size="middle"
      rowClassName={(i) => (i.active ? '' : 'row-retired')}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => t('common.total', { n }) }}
      above={
        <Flex gap={8} wrap style={{ marginBottom: 16 }} role="search">
          <Input.Search
            allowClear
            aria-label={t('catalogue.searchPlaceholder')}
            placeholder={t('catalogue.searchPlaceholder')}
            style={{ width: 260 }}
            onSearch={(text) => filter({ text })}
            onChange={(e) => filter({ text: e.target.value })}
          />
          {filterSelect(
            'departmentId',
            t('catalogue.department'),
            200,
            (departments.data ?? []).map((d) => ({ value: d.id, label: d.name })),
          )}
          {filterSelect(
            'categoryId',
            t('catalogue.category'),
            220,
            (categories.data ?? []).map((c) => ({ value: c.id, label: categoryLabel(c) })),
          )}
          {filterSelect(
            'caseType',
            t('catalogue.caseType'),
            140,
            CASE_TYPES.map((c) => ({ value: c, label: t(`caseType.${c}`) })),
          )}
        </Flex>
      }
      scroll={{ x: 1100 }}
      columns={[
        {
          title: t('catalogue.name'),
          dataIndex: 'name',
          fixed: 'left',
          render: (name: string, i) => (
            <Space direction="vertical" size={0}>
              <Button type="link" className="link-button" onClick={() => setShown(i)}>
                {name}
              </Button>
              <Typography.Text type="secondary" className="item-code">
                {i.implementationCode}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t('catalogue.department'),
          dataIndex: 'departmentId',
          width: 140,
          render: (id: string) => departmentById.get(id)?.name ?? '—',
        },
        {
          title: t('catalogue.category'),
          dataIndex: 'categoryId',
          width: 90,
          render: (id: string) => {
            const c = categoryById.get(id);
            return c ? <Tag title={c.name}>{c.prefix}</Tag> : '—';
          },
        },
        { title: t('catalogue.caseType'), dataIndex: 'caseType', width: 100, render: (c: CaseType) => <CaseTypeTag caseType={c} /> },
        {
          title: t('catalogue.promisedLimit'),
          dataIndex: 'promisedLimit',
          width: 120,
          sorter: (a, b) => limitMinutes(a.promisedLimit) - limitMinutes(b.promisedLimit),
          render: (l: TimeLimit) => <LimitText limit={l} />,
        },
        {
          title: t('catalogue.legalLimit'),
          dataIndex: 'legalLimit',
          width: 120,
          sorter: (a, b) => limitMinutes(a.legalLimit) - limitMinutes(b.legalLimit),
          render: (l: TimeLimit | null) => <LimitText limit={l} />,
        },
        { title: t('catalogue.flags'), width: 180, render: (_, i) => <FlagTags item={i} /> },
        {
          title: t('common.status'),
          dataIndex: 'active',
          width: 80,
          render: (active: boolean) => (active ? t('catalogue.active') : <Tag>{t('catalogue.retired')}</Tag>),
        },
      ]}
      actions={{
        width: 120,
        render: (i) => (
          <>
            <RowLink label={t('common.detail')} onClick={() => setShown(i)} />
            <RowLink label={t('common.edit')} onClick={() => editing.edit(i)} />
          </>
        ),
      }}
    >
      <ItemDetail item={shown} departments={departmentById} categories={categoryById} close={() => setShown(null)} />
      <ItemFormDrawer
        open={editing.open}
        hallId={hall.id}
        item={editing.current}
        departments={departments.data ?? []}
        categories={categories.data ?? []}
        close={editing.close}
        saved={() => void items.reload()}
      />
    </AdminTable>
  );
}
