import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Flex, Segmented, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo, useRef, useState } from 'react';
import { CaseListEntry, casesApi, CaseWarningPush, WARNING_LEVELS, WarningLevel, WorklistChangedPush } from '../../api/cases';
import { useAuth } from '../../auth/auth';
import { useCaseDrawer } from '../../cases/case-drawer';
import { labelOr } from '../../cases/case-format';
import { hallTime } from '../../lib/hall-time';
import { LiveIndicator } from '../../cases/live-indicator';
import { DueCountdown, WarningTag } from '../../cases/warning-level';
import { PageHeader } from '../../components/page-header';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { useRealtime } from '../../realtime/realtime';
import './backoffice.css';
import { departmentsApi, usersApi } from '../../api/admin';

type Assignee = 'all' | 'me' | 'none';

/**
 * 后台审批: the department's work list (a manager's: every department of the hall), coloured by
 * 电子监察 level and ordered by promised due, kept current over socket.io; a row opens the case.
 */
export function BackofficePage() {
  const { t } = useI18n();
  const { notification } = App.useApp();
  const { hall } = useHall();
  const { user } = useAuth();
  const isManager = user?.role === 'manager';

  const [levels, setLevels] = useState<WarningLevel[]>([]);
  const [dueBefore, setDueBefore] = useState<Dayjs | null>(null);
  const [assignee, setAssignee] = useState<Assignee>('all');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [changedRows, setChangedRows] = useState<Set<string>>(new Set());

  const departments = useLoad((signal) => departmentsApi.list(hall.id, signal), [hall.id]);
  // Managers see who works on what; approvers may not list staff, and see "me" or "a colleague".
  const staff = useLoad((signal) => (isManager ? usersApi.list(hall.id, signal) : Promise.resolve([])), [hall.id, isManager]);
  const dueIso = dueBefore ? dueBefore.endOf('day').format('YYYY-MM-DDTHH:mm:ssZ') : undefined;
  // The level filter works on the rows in hand, so the counts per level stay in view and a pushed change shows at once.
  const list = useLoad(
    (signal) =>
      casesApi.workList(hall.id, { dueBefore: dueIso, assignee: assignee === 'all' ? undefined : assignee, departmentId }, signal),
    [hall.id, dueIso, assignee, departmentId],
  );
  // Levels pushed since the rows were read; rows read afterwards already carry them.
  const [pushed, setPushed] = useState<{ rows?: CaseListEntry[]; levels: Map<string, WarningLevel> }>({ levels: new Map() });
  const rows = useMemo(() => {
    const levels = pushed.rows === list.data ? pushed.levels : new Map<string, WarningLevel>();
    return (list.data ?? []).map((r) => (levels.has(r.id) ? { ...r, warningLevel: levels.get(r.id)! } : r));
  }, [list.data, pushed]);
  const shown = levels.length ? rows.filter((r) => r.warningLevel && levels.includes(r.warningLevel)) : rows;
  const counts = useMemo(() => {
    const n: Record<WarningLevel, number> = { green: 0, yellow: 0, red: 0, red_card: 0 };
    for (const r of rows) if (r.warningLevel) n[r.warningLevel] += 1;
    return n;
  }, [rows]);

  // Pushes arrive in bursts (a claim is one change per department); one reload answers them all.
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reloadSoon = useCallback(() => {
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => void list.reload(), 250);
  }, [list]);
  const caseDrawer = useCaseDrawer({ staff: staff.data ?? [], departments: departments.data ?? [], changed: reloadSoon });

  const flash = (caseId: string) => {
    setChangedRows((s) => new Set(s).add(caseId));
    setTimeout(
      () =>
        setChangedRows((s) => {
          const next = new Set(s);
          next.delete(caseId);
          return next;
        }),
      3500,
    );
  };

  const request = user?.role === 'approver' ? [{ kind: 'case-worklist', hallId: hall.id }] : [{ kind: 'case-monitor', hallId: hall.id }];
  const live = useRealtime(
    request,
    {
      'case.warning': (w: CaseWarningPush) => {
        setPushed((p) => ({ rows: list.data, levels: new Map(p.rows === list.data ? p.levels : []).set(w.caseId, w.level) }));
        flash(w.caseId);
        if (w.level !== 'green') {
          notification.open({
            key: `warning:${w.caseId}`,
            type: w.level === 'yellow' ? 'warning' : 'error',
            message: t('backoffice.warningPushed', { number: w.caseNumber, level: t(`warning.${w.level}`) }),
            description: w.itemName,
            placement: 'bottomRight',
          });
        }
        caseDrawer.refresh(w.caseId);
      },
      'worklist.changed': (w: WorklistChangedPush) => {
        const row = list.data?.find((r) => r.id === w.caseId);
        if (!row || row.version < w.version || !w.listed) reloadSoon();
        caseDrawer.refresh(w.caseId);
      },
    },
    { as: 'staff', resync: reloadSoon },
  );

  const departmentName = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d.name])), [departments.data]);
  const staffName = useMemo(() => new Map((staff.data ?? []).map((s) => [s.id, s.displayName])), [staff.data]);
  const assigneeText = (id: string | null) => {
    if (!id) return <Typography.Text type="warning">{t('case.unclaimed')}</Typography.Text>;
    if (id === user?.id) return <Typography.Text strong>{t('case.me')}</Typography.Text>;
    return staffName.get(id) ?? t('case.colleague');
  };

  if (!user) return null;
  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('backoffice.title')}
            {!isManager && user.departmentId && <Typography.Text type="secondary">{departmentName.get(user.departmentId)}</Typography.Text>}
          </Space>
        }
        extra={
          <>
            <LiveIndicator state={live} />
            <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
              {t('backoffice.refresh')}
            </Button>
          </>
        }
      />

      <div className="level-summary" role="group" aria-label={t('backoffice.levelFilter')}>
        {WARNING_LEVELS.map((level) => (
          <Checkbox
            key={level}
            className={`level-card level-card-${level}`}
            checked={levels.includes(level)}
            onChange={(e) => setLevels((ls) => (e.target.checked ? [...ls, level] : ls.filter((l) => l !== level)))}
          >
            <span className="level-card-name">{t(`warning.${level}`)}</span>
            <span className="level-card-count" data-testid={`count-${level}`}>
              {counts[level]}
            </span>
          </Checkbox>
        ))}
      </div>

      <Flex wrap gap={16} align="center" className="worklist-filters">
        <label className="filter-field">
          <span>{t('backoffice.dueBefore')}</span>
          <DatePicker value={dueBefore} onChange={setDueBefore} allowClear aria-label={t('backoffice.dueBefore')} />
        </label>
        <span className="filter-field">
          <span id="assignee-filter">{t('backoffice.assignee')}</span>
          <Segmented<Assignee>
            aria-labelledby="assignee-filter"
            value={assignee}
            onChange={setAssignee}
            options={[
              { value: 'all', label: t('backoffice.assignee.all') },
              ...(isManager ? [] : [{ value: 'me' as const, label: t('backoffice.assignee.me') }]),
              { value: 'none', label: t('backoffice.assignee.none') },
            ]}
          />
        </span>
        {isManager && (
          <label className="filter-field">
            <span>{t('case.department')}</span>
            <Select
              aria-label={t('case.department')}
              allowClear
              placeholder={t('backoffice.allDepartments')}
              value={departmentId}
              onChange={setDepartmentId}
              options={(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
              style={{ minWidth: 200 }}
            />
          </label>
        )}
        <Typography.Text type="secondary">{t('common.total', { n: shown.length })}</Typography.Text>
      </Flex>

      <Table<CaseListEntry>
        rowKey="id"
        size="middle"
        loading={list.loading && !list.data}
        dataSource={shown}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(r) => `warning-row warning-row-${r.warningLevel ?? 'none'}${changedRows.has(r.id) ? ' warning-row-changed' : ''}`}
        locale={{ emptyText: t('backoffice.empty') }}
        columns={[
          {
            title: t('backoffice.level'),
            dataIndex: 'warningLevel',
            width: 100,
            render: (l: WarningLevel | null) => <WarningTag level={l} />,
          },
          {
            title: t('case.number'),
            dataIndex: 'caseNumber',
            width: 190,
            render: (n: string, r) => (
              <Button type="link" className="link-button" onClick={() => caseDrawer.open(r.id)}>
                {n}
              </Button>
            ),
          },
          {
            title: t('case.item'),
            dataIndex: 'itemName',
            render: (name: string, r) => (
              <>
                {name}
                {r.extended && <Typography.Text type="warning"> · {t('case.extended')}</Typography.Text>}
              </>
            ),
          },
          {
            title: t('case.applicant'),
            dataIndex: 'applicantName',
            render: (name: string, r) => (
              <>
                <div>{name}</div>
                <Typography.Text type="secondary" className="id-number">
                  {r.applicantIdNumber}
                </Typography.Text>
              </>
            ),
          },
          ...(isManager
            ? [{ title: t('case.department'), dataIndex: 'departmentId', render: (id: string) => departmentName.get(id) ?? '—' }]
            : []),
          {
            title: t('backoffice.currentStep'),
            dataIndex: 'currentStepName',
            render: (step: string, r) => (
              <>
                <div>
                  {step} · {labelOr('caseStatus', r.status)}
                </div>
                <Typography.Text type="secondary">
                  {t('case.stepDue', { due: hallTime(r.currentStepDueAt, hall.timezone) })}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('case.promisedDue'),
            dataIndex: 'promisedDueAt',
            width: 190,
            render: (due: string | null, r) => <DueCountdown dueAt={due} timeZone={hall.timezone} suspended={r.status === 'suspended'} />,
          },
          { title: t('case.assignee'), dataIndex: 'assigneeId', width: 110, render: assigneeText },
        ]}
      />

      {caseDrawer.drawer}
    </>
  );
}
