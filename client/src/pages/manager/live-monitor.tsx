import { Card, Col, Empty, Row, Statistic } from 'antd';
import { WARNING_LEVELS } from '../../api/cases';
import { HallMonitor } from '../../api/stats';
import { useNow } from '../../cases/case-format';
import { LEVEL_COLORS } from '../../cases/warning-level';
import { useI18n } from '../../i18n/i18n';
import { Chart } from './chart';

const minutes = (ms: number) => Math.max(0, Math.floor(ms / 60_000));

/**
 * 大厅实时监控: waiting per category, the longest wait, open windows, open cases per warning level
 * and today's on-time rate, as the server last pushed them (monitor.state); the longest wait keeps
 * growing between pushes.
 */
export function LiveMonitor({ monitor, openTasks }: { monitor: HallMonitor | null; openTasks: number | null }) {
  const { t } = useI18n();
  if (!monitor) return <Card size="small" loading />;
  const waiting = monitor.waiting.reduce((n, c) => n + c.waiting, 0);
  const rate = monitor.today.onTimeRate;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('manager.waitingByCategory')} className="monitor-card">
          {monitor.waiting.length ? (
            <Chart
              label={t('manager.waitingByCategory')}
              height={236}
              option={{
                grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
                tooltip: { trigger: 'axis' },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', inverse: true, data: monitor.waiting.map((c) => `${c.prefix} ${c.name}`) },
                series: [
                  {
                    type: 'bar',
                    name: t('manager.waiting'),
                    data: monitor.waiting.map((c) => c.waiting),
                    itemStyle: { color: '#1a5fb4' },
                    label: { show: true, position: 'right' },
                    barMaxWidth: 18,
                  },
                ],
              }}
            />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('manager.waitingNow')} value={waiting} suffix={t('manager.people')} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <LongestWait longestWaitMs={monitor.longestWaitMs} at={monitor.at} />
            </Card>
          </Col>
          <Tile title={t('manager.openWindows')} value={monitor.openWindows} suffix={`/ ${monitor.windows.length}`} />
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('manager.todayOnTime')}
                value={rate === null ? '—' : Math.round(rate * 1000) / 10}
                suffix={rate === null ? '' : '%'}
                valueStyle={{ color: '#389e0d' }}
              />
            </Card>
          </Col>
          {WARNING_LEVELS.map((level) => (
            <Col xs={12} md={6} key={level}>
              <Card size="small" className="level-stat" style={{ borderTopColor: LEVEL_COLORS[level] }}>
                <Statistic
                  title={t(`warning.${level}`)}
                  value={monitor.cases[level]}
                  valueStyle={{ color: LEVEL_COLORS[level] }}
                  suffix={t('manager.cases')}
                />
              </Card>
            </Col>
          ))}
          <Tile title={t('manager.todayConcluded')} value={monitor.today.concluded} suffix={t('manager.cases')} />
          <Tile title={t('manager.suspended')} value={monitor.cases.suspended} suffix={t('manager.cases')} />
          <Tile title={t('manager.todayCalled')} value={monitor.today.called} suffix={t('manager.people')} />
          <Tile title={t('manager.openRectifications')} value={openTasks ?? '—'} />
        </Row>
      </Col>
    </Row>
  );
}

/** One figure of the monitor on its own small card. */
function Tile(props: { title: string; value: number | string; suffix?: string }) {
  return (
    <Col xs={12} md={6}>
      <Card size="small">
        <Statistic {...props} />
      </Card>
    </Col>
  );
}

/** The longest wait as pushed at `at`, grown since: the one figure here that ticks, so only it renders again each second. */
function LongestWait({ longestWaitMs, at }: { longestWaitMs: number | null; at: string }) {
  const { t } = useI18n();
  const grown = useNow() - Date.parse(at);
  return (
    <Statistic
      title={t('manager.longestWait')}
      value={longestWaitMs === null ? '—' : minutes(longestWaitMs + grown)}
      suffix={longestWaitMs === null ? '' : t('manager.minutes')}
    />
  );
}
