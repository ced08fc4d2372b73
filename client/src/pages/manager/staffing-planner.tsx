import { ExperimentOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, InputNumber, InputNumberProps, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, request } from '../../api/http';
import { PlanRow, QueueFigures, QueueModel, staffingApi, WhatIfRow } from '../../api/staffing';
import { Hall } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { Chart } from './chart';
import { ExportButton } from './export-button';

const pct = (share: number) => Math.round(share * 1000) / 10;
const one = (x: number) => Math.round(x * 10) / 10;
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;
const keyOf = (r: { hour: number; categoryId: string }) => `${r.hour}|${r.categoryId}`;
const BLUE = '#1a5fb4';
const GREEN = '#389e0d';
const AMBER = '#d48806';
const GREY = '#8c8c8c';

/** A planner setting: a number with its label before it and its unit after. */
function Setting({ label, unit, ...props }: InputNumberProps<number> & { label: string; unit: string }) {
  return <InputNumber aria-label={label} addonBefore={label} addonAfter={unit} {...props} />;
}

/** A wait in minutes, from one minute to eight hours: the target wait and the citizens' patience. */
function MinutesSetting(props: InputNumberProps<number> & { label: string }) {
  const { t } = useI18n();
  return <Setting unit={t('manager.minutes')} min={1} max={480} style={{ width: 220 }} {...props} />;
}

/** No window for citizens who come: the queue only grows. */
const NO_WINDOW: QueueFigures = {
  stable: false,
  probabilityOfWaiting: 1,
  withinTargetShare: 0,
  meanWaitMinutes: null,
  utilisation: 1,
  abandonmentShare: 0,
};
const NOBODY: QueueFigures = {
  stable: true,
  probabilityOfWaiting: 0,
  withinTargetShare: 1,
  meanWaitMinutes: 0,
  utilisation: 0,
  abandonmentShare: 0,
};

/**
 * 窗口配置: the forecast of a day per hour for one category, the windows needed against those
 * planned, and the expected 等候达标率. Editing a planned count asks the what-if route again at
 * once (the figures beside it change); the roster is saved for the whole day; the simulator can
 * run the edited roster and show its measured figures beside the model's.
 */
export function StaffingPlanner({ hall }: { hall: Hall }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [date, setDate] = useState<Dayjs>(() => dayjs().add(1, 'day'));
  const [model, setModel] = useState<QueueModel>('erlang-c');
  const [targetWait, setTargetWait] = useState<number>(hall.targetWaitMinutes);
  const [targetShare, setTargetShare] = useState<number>(90);
  /** null: the plan takes the patience from the hall's history. */
  const [patience, setPatience] = useState<number | null>(null);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [edits, setEdits] = useState<Record<string, number>>({});
  const [whatIf, setWhatIf] = useState<Record<string, QueueFigures>>({});
  const [simulated, setSimulated] = useState<Record<string, QueueFigures>>({});
  const [busy, setBusy] = useState<'save' | 'simulate' | null>(null);

  const query = useMemo(
    () => ({
      date: date.format('YYYY-MM-DD'),
      model,
      targetWaitMinutes: String(targetWait),
      targetShare: String(targetShare / 100),
      ...(model === 'erlang-a' && patience !== null ? { patienceMinutes: String(patience) } : {}),
    }),
    [date, model, targetWait, targetShare, patience],
  );
  const plan = useLoad((signal) => staffingApi.plan(hall.id, query, signal), [hall.id, JSON.stringify(query)]);
  const p = plan.data;

  useEffect(() => {
    setEdits({});
    setWhatIf({});
    setSimulated({});
  }, [p]);

  // The category shown: the one asked for, else the busiest of the day.
  const shown = useMemo(() => {
    if (!p) return null;
    if (categoryId && p.categories.some((c) => c.id === categoryId)) return categoryId;
    const totals = p.categories.map(
      (c) => [c.id, p.rows.filter((r) => r.categoryId === c.id).reduce((s, r) => s + r.forecast.mean, 0)] as const,
    );
    return totals.sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  }, [p, categoryId]);
  const rows = useMemo(() => (p && shown ? p.rows.filter((r) => r.categoryId === shown) : []), [p, shown]);
  const windowsOf = (r: PlanRow) => edits[keyOf(r)] ?? r.plannedWindows;
  const body = (modelled: WhatIfRow[]) => ({
    model,
    targetWaitMinutes: targetWait,
    targetShare: targetShare / 100,
    ...(model === 'erlang-a' ? { patienceMinutes: patience ?? p?.patienceMinutes ?? 30 } : {}),
    rows: modelled,
  });
  /** Rows the models can answer: somebody comes and a window is open. The others are answered here. */
  const modelRows = (list: PlanRow[]): WhatIfRow[] =>
    list
      .filter((r) => r.forecast.mean > 0 && windowsOf(r) > 0)
      .map((r) => ({
        hour: r.hour,
        categoryId: r.categoryId,
        arrivalsPerHour: r.forecast.mean,
        meanServiceMinutes: r.meanServiceMinutes,
        windows: windowsOf(r),
      }));

  // Every edit asks the what-if route again for the edited rows; a newer edit aborts the older question.
  useEffect(() => {
    if (!p) return;
    const edited = p.rows.filter((r) => edits[keyOf(r)] !== undefined);
    const asked = modelRows(edited);
    if (asked.length === 0) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      staffingApi
        .whatIf(hall.id, body(asked), controller.signal)
        .then((res) => setWhatIf((prev) => ({ ...prev, ...Object.fromEntries(res.rows.map((r) => [keyOf(r), r])) })))
        .catch((err) => {
          if (!controller.signal.aborted) void message.error(err instanceof ApiError ? err.message : String(err));
        });
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- asked again only when the edits change
  }, [edits]);

  const expectedOf = (r: PlanRow): QueueFigures => {
    const edited = edits[keyOf(r)];
    if (edited === undefined) return r.expected;
    if (r.forecast.mean === 0) return NOBODY;
    if (edited === 0) return NO_WINDOW;
    return whatIf[keyOf(r)] ?? r.expected;
  };

  const save = async () => {
    if (!p) return;
    setBusy('save');
    try {
      const entries = p.rows.map((r) => ({ hour: r.hour, categoryId: r.categoryId, windows: windowsOf(r) }));
      await request('PUT', `/halls/${hall.id}/staffing/roster`, { body: { date: p.date, entries } });
      void message.success(t('staffing.saved'));
      await plan.reload();
    } catch {
      // reported by the API layer
    } finally {
      setBusy(null);
    }
  };

  const simulate = async () => {
    const asked = modelRows(rows);
    if (asked.length === 0) return;
    setBusy('simulate');
    try {
      const res = await staffingApi.simulate(hall.id, { ...body(asked), seed: 1 });
      setSimulated(Object.fromEntries(res.rows.map((r) => [keyOf(r), r.simulated])));
    } catch {
      // reported by the API layer
    } finally {
      setBusy(null);
    }
  };

  const category = p?.categories.find((c) => c.id === shown);
  const effects = p?.effects.filter((e) => e.categoryId === shown) ?? [];
  const waitText = (f: QueueFigures | undefined) =>
    !f ? '—' : f.meanWaitMinutes === null ? t('staffing.noFiniteWait') : `${one(f.meanWaitMinutes)} ${t('manager.minutes')}`;

  return (
    <div className="staffing-planner">
      <Space wrap className="section-title">
        <DatePicker aria-label={t('staffing.date')} value={date} allowClear={false} onChange={(d) => d && setDate(d)} />
        <Select
          aria-label={t('staffing.model')}
          value={model}
          onChange={setModel}
          style={{ width: 270 }}
          options={[
            { value: 'erlang-c', label: t('staffing.model.erlangC') },
            { value: 'erlang-a', label: t('staffing.model.erlangA') },
          ]}
        />
        <MinutesSetting label={t('staffing.targetWait')} value={targetWait} onChange={(v) => v && setTargetWait(v)} />
        <Setting
          label={t('staffing.targetShare')}
          unit="%"
          min={50}
          max={99.9}
          step={1}
          value={targetShare}
          onChange={(v) => v && setTargetShare(v)}
          style={{ width: 200 }}
        />
        {model === 'erlang-a' && (
          <MinutesSetting
            label={t('staffing.patience')}
            value={patience}
            placeholder={p?.patienceMinutes ? `${one(p.patienceMinutes)}` : undefined}
            onChange={(v) => setPatience(v ?? null)}
          />
        )}
        {p && (
          <Select
            aria-label={t('staffing.category')}
            value={shown}
            onChange={setCategoryId}
            style={{ width: 220 }}
            options={p.categories.map((c) => ({ value: c.id, label: `${c.prefix} ${c.name}` }))}
          />
        )}
        <ExportButton report="staffing" path={`/halls/${hall.id}/staffing/plan/export`} query={query} label={t('staffing.title')} />
      </Space>

      {plan.error ? <Alert type="error" message={plan.error.message} /> : null}
      {p && !p.workingDay ? <Alert type="info" showIcon message={t('staffing.closedDay')} /> : null}
      {p && p.workingDay && category ? (
        <>
          <Typography.Paragraph type="secondary" className="staffing-basis">
            {p.baselineDates.length > 0
              ? t('staffing.basis', { n: p.baselineDates.length, weeks: p.weeks, dates: p.baselineDates.join('、') })
              : t('staffing.noHistory')}{' '}
            {t(`staffing.service.${category.serviceSource}`, { minutes: one(category.meanServiceMinutes), n: category.served })}
            {p.patienceMinutes !== null && p.patienceSource !== 'query'
              ? ` ${t(`staffing.patience.${p.patienceSource ?? 'default'}`, { minutes: one(p.patienceMinutes) })}`
              : null}
            {effects.map((e) => (
              <Tag key={e.kind} color="gold" style={{ marginLeft: 8 }}>
                {t(`staffing.effect.${e.kind}`, { factor: one(e.factor) })}
              </Tag>
            ))}
          </Typography.Paragraph>
          <Card size="small" title={t('staffing.chartTitle', { category: `${category.prefix} ${category.name}` })}>
            <Chart
              label={t('staffing.chartTitle', { category: `${category.prefix} ${category.name}` })}
              height={300}
              option={{
                legend: { top: 0 },
                tooltip: { trigger: 'axis' },
                grid: { left: 8, right: 56, top: 40, bottom: 8, containLabel: true },
                xAxis: { type: 'category', data: rows.map((r) => hourLabel(r.hour)) },
                yAxis: [
                  { type: 'value', name: t('staffing.arrivalsAxis'), minInterval: 1 },
                  { type: 'value', name: t('staffing.windowsAxis'), minInterval: 1, position: 'right' },
                  { type: 'value', name: '%', min: 0, max: 100, position: 'right', offset: 44 },
                ],
                series: [
                  {
                    type: 'bar',
                    name: t('staffing.forecast'),
                    data: rows.map((r) => one(r.forecast.mean)),
                    itemStyle: { color: '#91caff' },
                    barMaxWidth: 28,
                  },
                  {
                    type: 'line',
                    name: 'P90',
                    data: rows.map((r) => one(r.forecast.p90)),
                    lineStyle: { type: 'dashed' },
                    itemStyle: { color: GREY },
                  },
                  {
                    type: 'line',
                    step: 'middle',
                    yAxisIndex: 1,
                    name: t('staffing.recommended'),
                    data: rows.map((r) => r.recommendedWindows),
                    itemStyle: { color: AMBER },
                  },
                  {
                    type: 'line',
                    step: 'middle',
                    yAxisIndex: 1,
                    name: t('staffing.planned'),
                    data: rows.map(windowsOf),
                    itemStyle: { color: BLUE },
                  },
                  {
                    type: 'line',
                    yAxisIndex: 2,
                    name: t('staffing.expectedShare'),
                    data: rows.map((r) => pct(expectedOf(r).withinTargetShare)),
                    itemStyle: { color: GREEN },
                  },
                ],
              }}
            />
          </Card>
          <Table<PlanRow>
            className="staffing-table"
            size="small"
            rowKey={keyOf}
            pagination={false}
            dataSource={rows}
            title={() => (
              <Space>
                <Button type="primary" icon={<SaveOutlined />} loading={busy === 'save'} onClick={() => void save()}>
                  {t('staffing.save')}
                </Button>
                <Button icon={<ExperimentOutlined />} loading={busy === 'simulate'} onClick={() => void simulate()}>
                  {t('staffing.simulate')}
                </Button>
              </Space>
            )}
            columns={[
              { title: t('staffing.hour'), dataIndex: 'hour', render: (h: number) => `${hourLabel(h)}–${hourLabel(h + 1)}` },
              {
                title: t('staffing.forecast'),
                key: 'forecast',
                render: (_, r) => (
                  <span>
                    {one(r.forecast.mean)}{' '}
                    <Typography.Text type="secondary">
                      ({one(r.forecast.p10)}–{one(r.forecast.p90)})
                    </Typography.Text>
                  </span>
                ),
              },
              { title: t('staffing.serviceMinutes'), key: 'service', render: (_, r) => one(r.meanServiceMinutes) },
              {
                title: t('staffing.planned'),
                key: 'planned',
                render: (_, r) => (
                  <InputNumber
                    size="small"
                    min={0}
                    max={999}
                    precision={0}
                    value={windowsOf(r)}
                    aria-label={t('staffing.plannedAt', { hour: hourLabel(r.hour) })}
                    onChange={(v) => setEdits((e) => ({ ...e, [keyOf(r)]: v ?? 0 }))}
                    style={{ width: 72 }}
                  />
                ),
              },
              {
                title: t('staffing.recommended'),
                key: 'recommended',
                render: (_, r) => <Tag color={windowsOf(r) >= r.recommendedWindows ? 'green' : 'red'}>{r.recommendedWindows}</Tag>,
              },
              {
                title: t('staffing.expectedShare'),
                key: 'share',
                render: (_, r) => {
                  const f = expectedOf(r);
                  return f.stable ? `${pct(f.withinTargetShare)}%` : <Tag color="red">{t('staffing.unstable')}</Tag>;
                },
              },
              { title: t('staffing.expectedWait'), key: 'wait', render: (_, r) => waitText(expectedOf(r)) },
              { title: t('staffing.utilisation'), key: 'utilisation', render: (_, r) => `${pct(expectedOf(r).utilisation)}%` },
              {
                title: t('staffing.simulatedShare'),
                key: 'simShare',
                render: (_, r) => (simulated[keyOf(r)] ? `${pct(simulated[keyOf(r)].withinTargetShare)}%` : '—'),
              },
              {
                title: t('staffing.simulatedWait'),
                key: 'simWait',
                render: (_, r) => (simulated[keyOf(r)] ? `${one(simulated[keyOf(r)].meanWaitMinutes ?? 0)} ${t('manager.minutes')}` : '—'),
              },
            ]}
          />
        </>
      ) : null}
      {p && p.workingDay && !category ? <Empty description={t('manager.noData')} /> : null}
    </div>
  );
}
