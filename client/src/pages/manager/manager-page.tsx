import { Col, DatePicker, Row, Space, Tabs, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useCallback, useMemo, useRef, useState } from 'react';
import { rectificationsApi } from '../../api/evaluation';
import { HallMonitor, statsApi } from '../../api/stats';
import { useAuth } from '../../auth/auth';
import { useCaseDrawer } from '../../cases/case-drawer';
import { LiveIndicator } from '../../cases/live-indicator';
import { PageHeader } from '../../components/page-header';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { useRealtime } from '../../realtime/realtime';
import { LiveMonitor } from './live-monitor';
import { InstantRateCard, OnTimeCard, Period, RatingsCard, WaitsByHourCard } from './measures';
import { NoticesCard } from './notices-card';
import { OnlineChannelCard } from './online-channel-card';
import { OverdueTable } from './overdue-table';
import { RectificationsPanel } from './rectifications-panel';
import { StaffFiguresCard } from './staff-figures-card';
import { StaffingPlanner } from './staffing-planner';
import './manager.css';
import { departmentsApi, usersApi } from '../../api/admin';

/** Trends are cut by day over two months at most, by week up to a year, by month beyond. */
function trendBy(from: Dayjs, to: Dayjs): Period['trendBy'] {
  const days = to.diff(from, 'day');
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}

/**
 * 大厅管理: the live hall monitor, the measures of a period from the statistics API (with their
 * CSV and Excel exports), the overdue cases with their history, and the rectification of 差评.
 * Everything live comes over one socket.io connection.
 */
export function ManagerPage() {
  const { t } = useI18n();
  const { hall } = useHall();
  const { user } = useAuth();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const [pushed, setPushed] = useState<HallMonitor | null>(null);
  const [casesKey, setCasesKey] = useState(0);
  const [evaluationKey, setEvaluationKey] = useState(0);

  const departments = useLoad((signal) => departmentsApi.list(hall.id, signal), [hall.id]);
  const staff = useLoad((signal) => usersApi.list(hall.id, signal), [hall.id]);
  const snapshot = useLoad((signal) => statsApi.monitor(hall.id, signal), [hall.id]);
  const overdue = useLoad((signal) => statsApi.overdue(hall.id, signal), [hall.id, casesKey]);
  const openTasks = useLoad(
    (signal) => rectificationsApi.list(hall.id, { status: 'open', limit: 1 }, signal).then((r) => r.total),
    [hall.id, evaluationKey],
  );
  const monitor = pushed && (!snapshot.data || pushed.at >= snapshot.data.at) ? pushed : (snapshot.data ?? null);

  // A sweep or a busy window pushes in bursts; the reports are read again once the burst is over.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const casesChanged = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setCasesKey((n) => n + 1), 400);
  }, []);
  const caseDrawer = useCaseDrawer({ staff: staff.data ?? [], departments: departments.data ?? [], changed: casesChanged });
  const live = useRealtime(
    [
      { kind: 'monitor', hallId: hall.id },
      { kind: 'case-monitor', hallId: hall.id },
      { kind: 'rectifications', hallId: hall.id },
    ],
    {
      'monitor.state': (m: HallMonitor) => setPushed((p) => (p && p.at > m.at ? p : m)),
      'case.warning': (w: { caseId: string }) => {
        casesChanged();
        caseDrawer.refresh(w.caseId);
      },
      'worklist.changed': (w: { caseId: string }) => {
        casesChanged();
        caseDrawer.refresh(w.caseId);
      },
      'rectification.opened': () => setEvaluationKey((n) => n + 1),
      'rectification.updated': () => setEvaluationKey((n) => n + 1),
    },
    {
      as: 'staff',
      resync: () => {
        casesChanged();
        setEvaluationKey((n) => n + 1);
      },
    },
  );

  const period = useMemo<Period>(
    () => ({
      hallId: hall.id,
      from: range[0].format('YYYY-MM-DD'),
      to: range[1].format('YYYY-MM-DD'),
      trendBy: trendBy(range[0], range[1]),
    }),
    [hall.id, range],
  );
  const departmentName = useCallback((id: string) => departments.data?.find((d) => d.id === id)?.name ?? '—', [departments.data]);
  const assigneeName = useCallback((id: string) => staff.data?.find((s) => s.id === id)?.displayName ?? '—', [staff.data]);

  if (!user) return null;
  return (
    <div className="manager-page">
      <PageHeader title={t('manager.title')} extra={<LiveIndicator state={live} />} />

      <Tabs
        items={[
          {
            key: 'overview',
            label: t('manager.tab.overview'),
            children: (
              <>
                <section aria-labelledby="monitor-title">
                  <Typography.Title level={5} id="monitor-title">
                    {t('manager.monitor')}
                  </Typography.Title>
                  <LiveMonitor monitor={monitor} openTasks={openTasks.data ?? null} />
                </section>

                <section aria-labelledby="measures-title">
                  <Space className="section-title" wrap>
                    <Typography.Title level={5} id="measures-title" style={{ margin: 0 }}>
                      {t('manager.measures')}
                    </Typography.Title>
                    <DatePicker.RangePicker
                      aria-label={t('manager.period')}
                      value={range}
                      allowClear={false}
                      disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                      onChange={(r) => r?.[0] && r[1] && setRange([r[0], r[1]])}
                    />
                  </Space>
                  <Row gutter={[16, 16]}>
                    <Col xs={24} xl={12}>
                      <OnTimeCard period={period} refreshKey={casesKey} />
                    </Col>
                    <Col xs={24} xl={12}>
                      <InstantRateCard period={period} refreshKey={casesKey} departmentName={departmentName} />
                    </Col>
                    <Col xs={24} xl={12}>
                      <WaitsByHourCard period={period} refreshKey={monitor?.today.called ?? 0} />
                    </Col>
                    <Col xs={24} xl={12}>
                      <RatingsCard period={period} refreshKey={evaluationKey} />
                    </Col>
                    <Col xs={24} xl={12}>
                      <NoticesCard period={period} refreshKey={casesKey} />
                    </Col>
                    <Col xs={24} xl={12}>
                      <OnlineChannelCard period={period} refreshKey={casesKey} />
                    </Col>
                    <Col xs={24}>
                      <StaffFiguresCard period={period} refreshKey={monitor?.today.called ?? 0} />
                    </Col>
                  </Row>
                </section>

                <section aria-label={t('manager.overdueSection')}>
                  <OverdueTable
                    hallId={hall.id}
                    list={overdue.data}
                    loading={overdue.loading && !overdue.data}
                    timeZone={hall.timezone}
                    departmentName={departmentName}
                    assigneeName={assigneeName}
                    open={caseDrawer.open}
                  />
                </section>

                <section aria-label={t('rectification.title')}>
                  <RectificationsPanel
                    hallId={hall.id}
                    timeZone={hall.timezone}
                    refreshKey={evaluationKey}
                    changed={() => setEvaluationKey((n) => n + 1)}
                  />
                </section>
              </>
            ),
          },
          { key: 'planner', label: t('manager.tab.planner'), children: <StaffingPlanner hall={hall} /> },
        ]}
      />

      {caseDrawer.drawer}
    </div>
  );
}
