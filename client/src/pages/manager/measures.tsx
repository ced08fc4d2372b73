import { Card, Col, Empty, Row, Statistic } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { ReactNode } from 'react';
import { CasesReport, OnTimeReport, QueueReport, RatingsReport, StatsReport } from '../../api/stats';
import { useI18n } from '../../i18n/i18n';
import { Chart, series, trendOption } from './chart';
import { ExportButton } from './export-button';
import { useReport } from './use-report';

/** The period asked for, in the hall's local days, and how a trend is cut. */
export interface Period {
  hallId: string;
  from: string;
  to: string;
  trendBy: 'day' | 'week' | 'month';
}

export const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);
const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);
export const GREEN = '#389e0d';
export const RED = '#cf1322';
const BLUE = '#1a5fb4';
const AMBER = '#d48806';
const PERCENT_AXIS = { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } };

export function Rate({ title, rate, color }: { title: string; rate: number | null | undefined; color?: string }) {
  const value = pct(rate);
  return <Statistic title={title} value={value ?? '—'} suffix={value === null ? '' : '%'} valueStyle={color ? { color } : undefined} />;
}

/**
 * One report of the period on a card: its figures in a row, its chart below (nothing to draw:
 * `empty`), and its export. A refused report says why in place of both.
 */
export function ReportCard<R>({
  report,
  title,
  query,
  refreshKey,
  figures,
  chart,
  empty,
}: {
  /** `notices` has no export. */
  report: StatsReport | 'notices';
  title: string;
  query: Record<string, string>;
  refreshKey: number;
  figures(r: R | undefined): ReactNode[];
  /** null: nothing to draw. */
  chart(r: R): EChartsCoreOption | null;
  empty?: string;
}) {
  const { t } = useI18n();
  const loaded = useReport<R>(report, query, refreshKey);
  const r = loaded.data;
  const shown = figures(r);
  const option = r === undefined ? null : chart(r);
  return (
    <Card
      size="small"
      title={title}
      extra={report !== 'notices' && <ExportButton report={report} query={query} label={title} />}
      loading={loaded.loading && !r}
      className="measure-card"
    >
      {loaded.error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={loaded.error.message} />
      ) : (
        <>
          <Row gutter={16} className="measure-stats">
            {shown.map((figure, i) => (
              <Col key={i} span={24 / shown.length}>
                {figure}
              </Col>
            ))}
          </Row>
          {option ? (
            <Chart label={title} option={option} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty ?? t('manager.noData')} />
          )}
        </>
      )}
    </Card>
  );
}

export const periodQuery = (period: Period, groupBy: string) => ({ hallId: period.hallId, from: period.from, to: period.to, groupBy });

/** 按时办结率 over time: concluded on time and late per period, and the rate. */
export function OnTimeCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  return (
    <ReportCard<OnTimeReport>
      report="on-time"
      title={t('manager.onTimeTrend')}
      query={periodQuery(period, period.trendBy)}
      refreshKey={refreshKey}
      figures={(r) => [
        <Rate key="onTime" title={t('manager.onTimeRate')} rate={r?.total.onTimeRate} color={GREEN} />,
        <Rate key="early" title={t('manager.earlyRate')} rate={r?.total.earlyRate} />,
        <Statistic key="concluded" title={t('manager.concluded')} value={r?.total.concluded ?? '—'} />,
      ]}
      chart={(r) =>
        r.groups.length === 0
          ? null
          : trendOption({
              categories: r.groups.map((g) => g.label),
              yAxis: [
                { type: 'value', minInterval: 1, name: t('manager.casesAxis') },
                { type: 'value', min: 0, max: 100, name: '%' },
              ],
              series: [
                series(
                  'bar',
                  t('manager.onTime'),
                  r.groups.map((g) => g.onTime),
                  GREEN,
                  { stack: 'concluded', barMaxWidth: 28 },
                ),
                series(
                  'bar',
                  t('manager.concludedLate'),
                  r.groups.map((g) => g.overdue),
                  RED,
                  { stack: 'concluded', barMaxWidth: 28 },
                ),
                series(
                  'line',
                  t('manager.onTimeRate'),
                  r.groups.map((g) => pct(g.onTimeRate)),
                  BLUE,
                  { yAxisIndex: 1 },
                ),
              ],
            })
      }
    />
  );
}

/** 即办率, 一次办结率 and 提前办结率 per department, with the hall's totals. */
export function InstantRateCard({
  period,
  refreshKey,
  departmentName,
}: {
  period: Period;
  refreshKey: number;
  departmentName(id: string): string;
}) {
  const { t } = useI18n();
  return (
    <ReportCard<CasesReport>
      report="cases"
      title={t('manager.instantCard')}
      query={periodQuery(period, 'department')}
      refreshKey={refreshKey}
      figures={(r) => [
        <Rate key="instant" title={t('manager.instantRate')} rate={r?.total.instantRate} color={BLUE} />,
        <Rate key="oneVisit" title={t('manager.oneVisitRate')} rate={r?.total.oneVisitRate} />,
        <Statistic key="accepted" title={t('manager.accepted')} value={r?.total.accepted ?? '—'} />,
        <Statistic
          key="openOverdue"
          title={t('manager.openOverdue')}
          value={r?.openOverdue ?? '—'}
          valueStyle={r?.openOverdue ? { color: RED } : undefined}
        />,
      ]}
      chart={(r) => {
        const groups = r.groups.filter((g) => g.concluded > 0);
        return groups.length === 0
          ? null
          : trendOption({
              categories: groups.map((g) => (g.key ? departmentName(g.key) : g.label)),
              xAxis: { axisLabel: { interval: 0, width: 90, overflow: 'truncate' } },
              unit: '%',
              yAxis: PERCENT_AXIS,
              series: [
                series(
                  'bar',
                  t('manager.instantRate'),
                  groups.map((g) => pct(g.instantRate)),
                  BLUE,
                ),
                series(
                  'bar',
                  t('manager.oneVisitRate'),
                  groups.map((g) => pct(g.oneVisitRate)),
                  '#69b1ff',
                ),
                series(
                  'bar',
                  t('manager.onTimeRate'),
                  groups.map((g) => pct(g.onTimeRate)),
                  GREEN,
                ),
              ],
            });
      }}
    />
  );
}

/** Average and 90th-percentile waits by hour of the day, with 等候达标率 and 弃号率. */
export function WaitsByHourCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  return (
    <ReportCard<QueueReport>
      report="queue"
      title={t('manager.waitsByHour')}
      query={periodQuery(period, 'hour')}
      refreshKey={refreshKey}
      figures={(r) => [
        <Rate
          key="target"
          title={t('manager.targetWaitRate', { n: r?.targetWaitMinutes ?? '—' })}
          rate={r?.total.targetWaitRate}
          color={GREEN}
        />,
        <Rate key="noShow" title={t('manager.noShowRate')} rate={r?.total.noShowRate} color={AMBER} />,
        <Statistic
          key="wait"
          title={t('manager.waitAvg')}
          value={minutes(r?.total.waitAvgMs ?? null) ?? '—'}
          suffix={t('manager.minutes')}
        />,
        <Statistic key="called" title={t('manager.called')} value={r?.total.called ?? '—'} />,
      ]}
      chart={(r) =>
        r.groups.length === 0
          ? null
          : trendOption({
              categories: r.groups.map((g) => g.label),
              unit: ` ${t('manager.minutes')}`,
              yAxis: { type: 'value', name: t('manager.minutes') },
              series: [
                series(
                  'bar',
                  t('manager.waitAvg'),
                  r.groups.map((g) => minutes(g.waitAvgMs)),
                  BLUE,
                ),
                series(
                  'line',
                  t('manager.waitP90'),
                  r.groups.map((g) => minutes(g.waitP90Ms)),
                  AMBER,
                ),
              ],
            })
      }
    />
  );
}

/** 好评率 and 差评率 over time, with the rectification rate of the period's 差评. */
export function RatingsCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  return (
    <ReportCard<RatingsReport>
      report="ratings"
      title={t('manager.ratings')}
      query={periodQuery(period, period.trendBy)}
      refreshKey={refreshKey}
      empty={t('manager.noRatings')}
      figures={(r) => [
        <Rate key="good" title={t('manager.goodRate')} rate={r?.total.goodRate} color={GREEN} />,
        <Rate key="poor" title={t('manager.poorRate')} rate={r?.total.poorRate} color={RED} />,
        <Rate key="rectified" title={t('manager.rectificationRate')} rate={r?.total.rectificationRate} />,
        <Statistic key="count" title={t('manager.ratingCount')} value={r?.total.total ?? '—'} />,
      ]}
      chart={(r) =>
        r.groups.length === 0
          ? null
          : trendOption({
              categories: r.groups.map((g) => g.label),
              unit: '%',
              yAxis: PERCENT_AXIS,
              series: [
                series(
                  'line',
                  t('manager.goodRate'),
                  r.groups.map((g) => pct(g.goodRate)),
                  GREEN,
                ),
                series(
                  'line',
                  t('manager.poorRate'),
                  r.groups.map((g) => pct(g.poorRate)),
                  RED,
                ),
              ],
            })
      }
    />
  );
}
