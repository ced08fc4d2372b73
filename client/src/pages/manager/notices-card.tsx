import { Card, Col, Empty, Row, Statistic } from 'antd';
import type { NoticeMeasuresReport } from '../../../../src/notifications/domain/notice-measures';
import { api } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { Chart } from './chart';
import type { Period } from './measures';

const GREEN = '#389e0d';
const RED = '#cf1322';

/** 通知送达: notices delivered and given up per day and channel (definition: src/notifications/domain/notice-measures.ts). */
export function NoticesCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  const query = { hallId: period.hallId, from: period.from, to: period.to };
  const report = useLoad(
    (signal) => api.get<NoticeMeasuresReport>('/stats/notices', { query, signal, silent: true }),
    [JSON.stringify(query), refreshKey],
  );
  const r = report.data;
  const days = [...new Set((r?.channels ?? []).flatMap((c) => c.days.map((d) => d.key)))].sort();
  const rate = r?.total.deliveryRate;
  const outstanding = r?.outstanding.reduce((s, o) => s + o.count, 0);
  return (
    <Card size="small" title={t('manager.noticesCard')} loading={report.loading && !r} className="measure-card">
      {report.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={report.error.message} />
      ) : (
        <>
          <Row gutter={16} className="measure-stats">
            <Col span={6}>
              <Statistic title={t('manager.noticesDelivered')} value={r?.total.delivered ?? '—'} valueStyle={{ color: GREEN }} />
            </Col>
            <Col span={6}>
              <Statistic
                title={t('manager.noticesFailed')}
                value={r?.total.failed ?? '—'}
                valueStyle={r?.total.failed ? { color: RED } : undefined}
              />
            </Col>
            <Col span={6}>
              <Statistic
                title={t('manager.noticesRate')}
                value={rate === null || rate === undefined ? '—' : Math.round(rate * 1000) / 10}
                suffix={rate === null || rate === undefined ? '' : '%'}
              />
            </Col>
            <Col span={6}>
              <Statistic title={t('manager.noticesOutstanding')} value={outstanding ?? '—'} />
            </Col>
          </Row>
          {r && days.length > 0 ? (
            <Chart
              label={t('manager.noticesCard')}
              option={{
                legend: { top: 0 },
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: days },
                yAxis: { type: 'value', minInterval: 1 },
                series: r.channels.flatMap((c) =>
                  (['delivered', 'failed'] as const).map((measure) => ({
                    type: 'bar',
                    stack: measure,
                    barMaxWidth: 24,
                    name: `${t(`manager.noticeChannel.${c.key === 'sms' ? 'sms' : 'page'}`)} · ${t(measure === 'delivered' ? 'manager.noticesDelivered' : 'manager.noticesFailed')}`,
                    data: days.map((day) => c.days.find((d) => d.key === day)?.[measure] ?? 0),
                  })),
                ),
              }}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manager.noData')} />
          )}
        </>
      )}
    </Card>
  );
}
