import { Statistic } from 'antd';
import type { NoticeMeasuresReport } from '../../../../src/notifications/domain/notice-measures';
import { useI18n } from '../../i18n/i18n';
import { series, trendOption } from './chart';
import { GREEN, Rate, RED, ReportCard, type Period } from './measures';

/** 通知送达: notices delivered and given up per day and channel (definition: src/notifications/domain/notice-measures.ts). */
export function NoticesCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  return (
    <ReportCard<NoticeMeasuresReport>
      report="notices"
      title={t('manager.noticesCard')}
      query={{ hallId: period.hallId, from: period.from, to: period.to }}
      refreshKey={refreshKey}
      figures={(r) => [
        <Statistic key="delivered" title={t('manager.noticesDelivered')} value={r?.total.delivered ?? '—'} valueStyle={{ color: GREEN }} />,
        <Statistic
          key="failed"
          title={t('manager.noticesFailed')}
          value={r?.total.failed ?? '—'}
          valueStyle={r?.total.failed ? { color: RED } : undefined}
        />,
        <Rate key="rate" title={t('manager.noticesRate')} rate={r?.total.deliveryRate} />,
        <Statistic
          key="outstanding"
          title={t('manager.noticesOutstanding')}
          value={r?.outstanding.reduce((n, o) => n + o.count, 0) ?? '—'}
        />,
      ]}
      chart={(r) => {
        const days = [...new Set(r.channels.flatMap((c) => c.days.map((d) => d.key)))].sort();
        return days.length === 0
          ? null
          : trendOption({
              categories: days,
              yAxis: { type: 'value', minInterval: 1 },
              series: r.channels.flatMap((c) =>
                (['delivered', 'failed'] as const).map((measure) =>
                  series(
                    'bar',
                    `${t(`manager.noticeChannel.${c.key === 'sms' ? 'sms' : 'page'}`)} · ${t(measure === 'delivered' ? 'manager.noticesDelivered' : 'manager.noticesFailed')}`,
                    days.map((day) => c.days.find((d) => d.key === day)?.[measure] ?? 0),
                    undefined,
                    { stack: measure },
                  ),
                ),
              ),
            });
      }}
    />
  );
}
