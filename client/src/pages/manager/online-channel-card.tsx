import { Card, Col, Empty, Row, Statistic } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { ExportButton } from './export-button';
import type { Period } from './measures';
import { statsApi } from '../../api/stats';

const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : Math.round(rate * 1000) / 10);

/**
 * 线上线下一体化: 网办率, 预审 pass rate and time to 预审, 跑动次数 and the 免证 share of the period
 * (definitions: src/cases/domain/online-measures.ts); the export adds the notices delivered / failed.
 */
export function OnlineChannelCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  const query = { from: period.from, to: period.to };
  const report = useLoad((signal) => statsApi.online(period.hallId, query, signal), [period.hallId, JSON.stringify(query), refreshKey]);
  const m = report.data;
  const stat = (title: string, value: number | string, suffix?: string) => (
    <Col xs={12} md={8}>
      <Statistic title={title} value={value} suffix={value === '—' ? undefined : suffix} />
    </Col>
  );
  return (
    <Card
      size="small"
      title={t('manager.onlineCard')}
      loading={report.loading && !m}
      className="measure-card"
      extra={
        <ExportButton
          report="online"
          path="/stats/online/export"
          query={{ hallId: period.hallId, ...query }}
          label={t('manager.onlineCard')}
        />
      }
    >
      {report.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={report.error.message} />
      ) : (
        <Row gutter={[16, 8]} className="measure-stats">
          {stat(t('manager.onlineRate'), percent(m?.onlineRate), '%')}
          {stat(t('manager.preExamPassRate'), percent(m?.preExamPassRate), '%')}
          {stat(t('manager.preExamMedian'), m?.preExamMedianMinutes ?? '—', t('manager.minutes'))}
          {stat(t('manager.visitsNone'), m?.visits.none ?? '—')}
          {stat(t('manager.visitsOne'), m?.visits.one ?? '—')}
          {stat(t('manager.visitsMore'), m?.visits.more ?? '—')}
          {stat(t('manager.certificateShare'), percent(m?.certificateShare), '%')}
        </Row>
      )}
    </Card>
  );
}
