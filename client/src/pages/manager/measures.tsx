import { Card, Col, Empty, Row, Statistic } from 'antd';
import { ReactNode } from 'react';
import { api } from '../../api/http';
import { CasesReport, OnTimeReport, QueueReport, RatingsReport } from '../../api/stats';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { Chart } from './chart';
import { ExportButton } from './export-button';

/** The period asked for, in the hall's local days, and how a trend is cut. */
export interface Period {
  hallId: string;
  from: string;
  to: string;
  trendBy: 'day' | 'week' | 'month';
}

const pct = (rate: number | null | undefined) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);
const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6000) / 10);
const GREEN = '#389e0d';
const RED = '#cf1322';
const BLUE = '#1a5fb4';
const AMBER = '#d48806';

function Rate({ title, rate, color }: { title: string; rate: number | null | undefined; color?: string }) {
  const value = pct(rate);
  return <Statistic title={title} value={value ?? '—'} suffix={value === null ? '' : '%'} valueStyle={color ? { color } : undefined} />;
}

function MeasureCard({
  title,
  loading,
  error,
  extra,
  stats,
  children,
}: {
  title: string;
  loading: boolean;
  error: string | null;
  extra: ReactNode;
  stats: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card size="small" title={title} extra={extra} loading={loading} className="measure-card">
      {error ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={error} />
      ) : (
        <>
          <Row gutter={16} className="measure-stats">
            {stats}
          </Row>
          {children}
        </>
      )}
    </Card>
  );
}

/** 按时办结率 over time: concluded on time and late per period, and the rate. */
export function OnTimeCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  const query = { hallId: period.hallId, from: period.from, to: period.to, groupBy: period.trendBy };
  const report = useLoad(
    (signal) => api.get<OnTimeReport>('/stats/on-time', { query, signal, silent: true }),
    [JSON.stringify(query), refreshKey],
  );
  const r = report.data;
  return (
    <MeasureCard
      title={t('manager.onTimeTrend')}
      loading={report.loading && !r}
      error={report.error?.message ?? null}
      extra={<ExportButton report="on-time" query={query} label={t('manager.onTimeTrend')} />}
      stats={
        <>
          <Col span={8}>
            <Rate title={t('manager.onTimeRate')} rate={r?.total.onTimeRate} color={GREEN} />
          </Col>
          <Col span={8}>
            <Rate title={t('manager.earlyRate')} rate={r?.total.earlyRate} />
          </Col>
          <Col span={8}>
            <Statistic title={t('manager.concluded')} value={r?.total.concluded ?? '—'} />
          </Col>
        </>
      }
    >
      {r && r.groups.length > 0 ? (
        <Chart
          label={t('manager.onTimeTrend')}
          option={{
            legend: { top: 0 },
            tooltip: { trigger: 'axis' },
            grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
            xAxis: { type: 'category', data: r.groups.map((g) => g.label) },
            yAxis: [
              { type: 'value', minInterval: 1, name: t('manager.casesAxis') },
              { type: 'value', min: 0, max: 100, name: '%' },
            ],
            series: [
              {
                type: 'bar',
                stack: 'concluded',
                name: t('manager.onTime'),
                data: r.groups.map((g) => g.onTime),
                itemStyle: { color: GREEN },
                barMaxWidth: 28,
              },
              {
                type: 'bar',
                stack: 'concluded',
                name: t('manager.concludedLate'),
                data: r.groups.map((g) => g.overdue),
                itemStyle: { color: RED },
                barMaxWidth: 28,
              },
              {
                type: 'line',
                yAxisIndex: 1,
                name: t('manager.onTimeRate'),
                data: r.groups.map((g) => pct(g.onTimeRate)),
                itemStyle: { color: BLUE },
                connectNulls: true,
              },
            ],
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manager.noData')} />
      )}
    </MeasureCard>
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
  const query = { hallId: period.hallId, from: period.from, to: period.to, groupBy: 'department' };
  const report = useLoad(
    (signal) => api.get<CasesReport>('/stats/cases', { query, signal, silent: true }),
    [JSON.stringify(query), refreshKey],
  );
  const r = report.data;
  const groups = (r?.groups ?? []).filter((g) => g.concluded > 0);
  return (
    <MeasureCard
      title={t('manager.instantCard')}
      loading={report.loading && !r}
      error={report.error?.message ?? null}
      extra={<ExportButton report="cases" query={query} label={t('manager.instantCard')} />}
      stats={
        <>
          <Col span={6}>
            <Rate title={t('manager.instantRate')} rate={r?.total.instantRate} color={BLUE} />
          </Col>
          <Col span={6}>
            <Rate title={t('manager.oneVisitRate')} rate={r?.total.oneVisitRate} />
          </Col>
          <Col span={6}>
            <Statistic title={t('manager.accepted')} value={r?.total.accepted ?? '—'} />
          </Col>
          <Col span={6}>
            <Statistic
              title={t('manager.openOverdue')}
              value={r?.openOverdue ?? '—'}
              valueStyle={r?.openOverdue ? { color: RED } : undefined}
            />
          </Col>
        </>
      }
    >
      {groups.length > 0 ? (
        <Chart
          label={t('manager.instantCard')}
          option={{
            legend: { top: 0 },
            tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
            grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
            xAxis: {
              type: 'category',
              data: groups.map((g) => (g.key ? departmentName(g.key) : g.label)),
              axisLabel: { interval: 0, width: 90, overflow: 'truncate' },
            },
            yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
            series: [
              {
                type: 'bar',
                name: t('manager.instantRate'),
                data: groups.map((g) => pct(g.instantRate)),
                itemStyle: { color: BLUE },
                barMaxWidth: 24,
              },
              {
                type: 'bar',
                name: t('manager.oneVisitRate'),
                data: groups.map((g) => pct(g.oneVisitRate)),
                itemStyle: { color: '#69b1ff' },
                barMaxWidth: 24,
              },
              {
                type: 'bar',
                name: t('manager.onTimeRate'),
                data: groups.map((g) => pct(g.onTimeRate)),
                itemStyle: { color: GREEN },
                barMaxWidth: 24,
              },
            ],
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manager.noData')} />
      )}
    </MeasureCard>
  );
}

/** Average and 90th-percentile waits by hour of the day, with 等候达标率 and 弃号率. */
export function WaitsByHourCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  const query = { hallId: period.hallId, from: period.from, to: period.to, groupBy: 'hour' };
  const report = useLoad(
    (signal) => api.get<QueueReport>('/stats/queue', { query, signal, silent: true }),
    [JSON.stringify(query), refreshKey],
  );
  const r = report.data;
  return (
    <MeasureCard
      title={t('manager.waitsByHour')}
      loading={report.loading && !r}
      error={report.error?.message ?? null}
      extra={<ExportButton report="queue" query={query} label={t('manager.waitsByHour')} />}
      stats={
        <>
          <Col span={6}>
            <Rate title={t('manager.targetWaitRate', { n: r?.targetWaitMinutes ?? '—' })} rate={r?.total.targetWaitRate} color={GREEN} />
          </Col>
          <Col span={6}>
            <Rate title={t('manager.noShowRate')} rate={r?.total.noShowRate} color={AMBER} />
          </Col>
          <Col span={6}>
            <Statistic title={t('manager.waitAvg')} value={minutes(r?.total.waitAvgMs ?? null) ?? '—'} suffix={t('manager.minutes')} />
          </Col>
          <Col span={6}>
            <Statistic title={t('manager.called')} value={r?.total.called ?? '—'} />
          </Col>
        </>
      }
    >
      {r && r.groups.length > 0 ? (
        <Chart
          label={t('manager.waitsByHour')}
          option={{
            legend: { top: 0 },
            tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v} ${t('manager.minutes')}`) },
            grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
            xAxis: { type: 'category', data: r.groups.map((g) => g.label) },
            yAxis: { type: 'value', name: t('manager.minutes') },
            series: [
              {
                type: 'bar',
                name: t('manager.waitAvg'),
                data: r.groups.map((g) => minutes(g.waitAvgMs)),
                itemStyle: { color: BLUE },
                barMaxWidth: 24,
              },
              { type: 'line', name: t('manager.waitP90'), data: r.groups.map((g) => minutes(g.waitP90Ms)), itemStyle: { color: AMBER } },
            ],
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manager.noData')} />
      )}
    </MeasureCard>
  );
}

/** 好评率 and 差评率 over time, with the rectification rate of the period's 差评. */
export function RatingsCard({ period, refreshKey }: { period: Period; refreshKey: number }) {
  const { t } = useI18n();
  const query = { hallId: period.hallId, from: period.from, to: period.to, groupBy: period.trendBy };
  const report = useLoad(
    (signal) => api.get<RatingsReport>('/stats/ratings', { query, signal, silent: true }),
    [JSON.stringify(query), refreshKey],
  );
  const r = report.data;
  return (
    <MeasureCard
      title={t('manager.ratings')}
      loading={report.loading && !r}
      error={report.error?.message ?? null}
      extra={<ExportButton report="ratings" query={query} label={t('manager.ratings')} />}
      stats={
        <>
          <Col span={6}>
            <Rate title={t('manager.goodRate')} rate={r?.total.goodRate} color={GREEN} />
          </Col>
          <Col span={6}>
            <Rate title={t('manager.poorRate')} rate={r?.total.poorRate} color={RED} />
          </Col>
          <Col span={6}>
            <Rate title={t('manager.rectificationRate')} rate={r?.total.rectificationRate} />
          </Col>
          <Col span={6}>
            <Statistic title={t('manager.ratingCount')} value={r?.total.total ?? '—'} />
          </Col>
        </>
      }
    >
      {r && r.groups.length > 0 ? (
        <Chart
          label={t('manager.ratings')}
          option={{
            legend: { top: 0 },
            tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${v}%`) },
            grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
            xAxis: { type: 'category', data: r.groups.map((g) => g.label) },
            yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
            series: [
              {
                type: 'line',
                name: t('manager.goodRate'),
                data: r.groups.map((g) => pct(g.goodRate)),
                itemStyle: { color: GREEN },
                connectNulls: true,
              },
              {
                type: 'line',
                name: t('manager.poorRate'),
                data: r.groups.map((g) => pct(g.poorRate)),
                itemStyle: { color: RED },
                connectNulls: true,
              },
            ],
          }}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('manager.noRatings')} />
      )}
    </MeasureCard>
  );
}
