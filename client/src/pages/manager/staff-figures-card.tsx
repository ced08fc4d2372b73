import { Card, Empty, Segmented, Space, Table } from 'antd';
import { useState } from 'react';
import { StaffGroup, statsApi } from '../../api/stats';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { ExportButton } from './export-button';
import type { Period } from './measures';

const hours = (ms: number) => Math.round(ms / 36_000) / 100;
const minutes = (ms: number | null) => (ms === null ? '—' : Math.round(ms / 6_000) / 10);

/**
 * 人员效能: per clerk or window, the time serving, the walk from call to start, the idle time while
 * tickets of the window's categories waited, and served per hour (definitions in the API's
 * description of GET /api/stats/staff).
 */
export function StaffFiguresCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  const [groupBy, setGroupBy] = useState<'clerk' | 'window'>('clerk');
  const query = { hallId: period.hallId, from: period.from, to: period.to, groupBy };
  const report = useLoad((signal) => statsApi.staff(query, signal), [JSON.stringify(query), refreshKey]);
  const r = report.data;
  return (
    <Card
      size="small"
      title={t('staff.title')}
      className="measure-card staff-figures"
      extra={
        <Space>
          <Segmented
            size="small"
            value={groupBy}
            onChange={(v) => setGroupBy(v as 'clerk' | 'window')}
            options={[
              { value: 'clerk', label: t('staff.byClerk') },
              { value: 'window', label: t('staff.byWindow') },
            ]}
          />
          <ExportButton report="staff" query={query} label={t('staff.title')} />
        </Space>
      }
    >
      {report.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={report.error.message} />
      ) : (
        <Table<StaffGroup>
          size="small"
          loading={report.loading && !r}
          rowKey={(g) => g.key ?? 'total'}
          pagination={false}
          dataSource={r ? [...r.groups, r.total] : []}
          locale={{ emptyText: t('manager.noData') }}
          columns={[
            { title: groupBy === 'clerk' ? t('staff.clerk') : t('staff.window'), dataIndex: 'label' },
            { title: t('staff.served'), dataIndex: 'served' },
            { title: t('staff.servingHours'), key: 'serving', render: (_, g) => hours(g.servingMs) },
            { title: t('staff.walkMinutes'), key: 'walk', render: (_, g) => minutes(g.walkAvgMs) },
            { title: t('staff.openHours'), key: 'open', render: (_, g) => hours(g.openMs) },
            { title: t('staff.idleHours'), key: 'idle', render: (_, g) => hours(g.idleWhileWaitingMs) },
            {
              title: t('staff.perHour'),
              key: 'perHour',
              render: (_, g) => (g.servedPerHour === null ? '—' : Math.round(g.servedPerHour * 100) / 100),
            },
          ]}
        />
      )}
    </Card>
  );
}
