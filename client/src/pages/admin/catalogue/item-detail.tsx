import { Descriptions, Drawer, Empty, Steps, Table, Tag, Typography } from 'antd';
import { Department, Material, ServiceItem, WindowCategory } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';
import { categoryLabel } from '../hall-data';
import { CaseTypeTag, FlagTags, LimitText, NecessityTag } from './item-labels';

interface Props {
  item: ServiceItem | null;
  departments: Map<string, Department>;
  categories: Map<string, WindowCategory>;
  close(): void;
}

/** Everything a clerk checks before accepting an application: limits, flags, materials, steps. */
export function ItemDetail({ item, departments, categories, close }: Props) {
  const { t } = useI18n();
  const text = (v: string | null) => v || '—';
  const department = (id: string | null) => (id ? (departments.get(id)?.name ?? '—') : '—');
  const category = item && categories.get(item.categoryId);

  return (
    <Drawer open={!!item} onClose={close} width={880} title={item?.name} destroyOnHidden>
      {item && (
        <>
          <Descriptions bordered size="small" column={2} styles={{ label: { width: 130 } }}>
            <Descriptions.Item label={t('catalogue.implementationCode')}>{item.implementationCode}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.basicCode')}>{item.basicCode}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.itemType')}>{t(`itemType.${item.itemType}`)}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.caseType')}>
              <CaseTypeTag caseType={item.caseType} />
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.department')}>{department(item.departmentId)}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.category')}>{category ? categoryLabel(category) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.legalLimitFull')}>
              <LimitText limit={item.legalLimit} />
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.promisedLimitFull')}>
              <LimitText limit={item.promisedLimit} />
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.flags')}>
              <FlagTags item={item} />
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.visitsRequired')}>{item.visitsRequired}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.commitmentAllowed')}>
              {item.commitmentAllowed ? t('common.yes') : t('common.no')}
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.deliveryOptions')}>
              {item.deliveryOptions.map((d) => (
                <Tag key={d}>{t(`delivery.${d}`)}</Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.fees')}>
              {item.fees.length === 0 ? t('catalogue.free') : item.fees.map((f) => `${f.name} ¥${f.amount}`).join('；')}
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.bookable')}>
              {item.bookable
                ? t('catalogue.bookableSummary', { slot: item.slotMinutes ?? '—', quota: item.dailyQuota ?? '—' })
                : t('catalogue.notBookable')}
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.resultName')}>{text(item.resultName)}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.version')}>{item.version}</Descriptions.Item>
            <Descriptions.Item label={t('catalogue.legalBasis')} span={2}>
              {text(item.legalBasis)}
            </Descriptions.Item>
            <Descriptions.Item label={t('catalogue.acceptanceConditions')} span={2}>
              {text(item.acceptanceConditions)}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('catalogue.materials')}
          </Typography.Title>
          <Table<Material>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={item.materials}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogue.noMaterials')} /> }}
            columns={[
              { title: '#', width: 48, render: (_, __, i) => i + 1 },
              { title: t('catalogue.materialName'), dataIndex: 'name' },
              {
                title: t('catalogue.necessity'),
                dataIndex: 'necessity',
                width: 110,
                render: (n: Material['necessity']) => <NecessityTag necessity={n} />,
              },
              { title: t('catalogue.originals'), dataIndex: 'originals', width: 70 },
              { title: t('catalogue.copies'), dataIndex: 'copies', width: 80 },
              { title: t('catalogue.source'), dataIndex: 'source', width: 120, render: text },
              { title: t('catalogue.notes'), dataIndex: 'notes', render: text },
            ]}
          />

          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('catalogue.steps')}
          </Typography.Title>
          <Steps
            size="small"
            current={-1}
            items={item.steps.map((s) => ({
              title: s.name,
              // A step names its department only when it is not the item's own (联办件).
              description: s.departmentId ? `${s.timeSharePercent}% · ${department(s.departmentId)}` : `${s.timeSharePercent}%`,
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
