import { Alert, Button, Descriptions, Drawer, Empty, List, Result, Space, Spin, Steps, Tag, Typography } from 'antd';
import { ReactElement, ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { casesApi } from '../api/cases';
import { Department, SessionUser, StaffUser } from '../api/types';
import { useAuth } from '../auth/auth';
import { useHall } from '../hall/hall';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../lib/use-load';
import { CaseActions } from './case-actions';
import { CaseEvents } from './case-events';
import { CaseMaterialsPanel } from './case-materials';
import { CaseNotices } from './case-notices';
import { labelOr } from './case-format';
import { hallTime } from '../lib/hall-time';
import { DueCountdown, WarningTag } from './warning-level';

const DECIDED = new Set(['reported', 'approved', 'denied', 'concluded', 'ready_for_pickup', 'picked_up', 'mailed', 'delivered']);

interface CaseDrawerProps {
  caseId: string | null;
  /** Grows when a push says the case changed, so the drawer shows it afresh. */
  refreshKey: number;
  timeZone: string;
  user: SessionUser;
  /** The hall's staff, when the user may list them (managers): names instead of "staff member". */
  staff: StaffUser[];
  departments: Department[];
  close(): void;
  /** After a move made here: the work list reloads too. */
  changed(): void;
}

/**
 * The drawer as a page keeps it: the case open in it (`open(id)`) and `refresh(id)` for a push about
 * a case, which shows it afresh when it is the one open.
 */
export function useCaseDrawer(props: Pick<CaseDrawerProps, 'staff' | 'departments' | 'changed'>): {
  open(caseId: string): void;
  refresh(caseId: string): void;
  drawer: ReactElement | null;
} {
  const { user } = useAuth();
  const { hall } = useHall();
  const [caseId, setCaseId] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(
    (changed: string) => {
      if (changed === caseId) setRefreshKey((n) => n + 1);
    },
    [caseId],
  );
  const drawer = user && (
    <CaseDrawer {...props} user={user} timeZone={hall.timezone} caseId={caseId} refreshKey={refreshKey} close={() => setCaseId(null)} />
  );
  return { open: setCaseId, refresh, drawer };
}

/** One case in full: applicant, items, materials, steps with their dues, the audit trail, and the moves. */
export function CaseDrawer(props: CaseDrawerProps) {
  const { caseId, refreshKey, timeZone, user, staff } = props;
  const { t } = useI18n();
  const loaded = useLoad(
    async (signal) => {
      if (!caseId) return null;
      const [detail, events, materials] = await Promise.all([
        casesApi.get(caseId, signal),
        casesApi.events(caseId, signal),
        casesApi.materials(caseId, signal),
      ]);
      return { detail, events, materials };
    },
    [caseId],
  );
  const { reload } = loaded;
  // A push about this case: read it again, keeping what is shown until the answer is in.
  useEffect(() => {
    if (refreshKey > 0) void reload();
  }, [refreshKey, reload]);

  const names = useMemo(() => new Map(staff.map((s) => [s.id, s.displayName])), [staff]);
  const knownName = useCallback((id: string) => (id === user.id ? t('case.me') : (names.get(id) ?? null)), [names, user.id, t]);
  const nameOf = useCallback((id: string) => knownName(id) ?? t('case.staffMember'), [knownName, t]);
  const departmentName = (id: string) => props.departments.find((d) => d.id === id)?.name ?? '—';
  const changed = () => {
    void reload();
    props.changed();
  };

  // Until the newly chosen case is in, the previous one is not shown under its name.
  const data = loaded.data?.detail.id === caseId ? loaded.data : undefined;
  const c = data?.detail;
  return (
    <Drawer
      open={caseId !== null}
      onClose={props.close}
      width={760}
      className="case-drawer"
      title={
        c ? (
          <Space wrap>
            <span>{c.caseNumber}</span>
            <WarningTag level={c.warningLevel} />
            <Tag color="blue">{labelOr('caseStatus', c.status)}</Tag>
          </Space>
        ) : (
          t('case.detail')
        )
      }
      destroyOnHidden
    >
      {loaded.error && !c ? (
        <Result status="warning" title={loaded.error.message} extra={<Button onClick={() => void reload()}>{t('common.retry')}</Button>} />
      ) : !c || !data ? (
        <Spin style={{ display: 'block', margin: '80px auto' }} />
      ) : (
        <>
          <CaseActions
            detail={c}
            user={user}
            changed={changed}
            approvers={staff.filter((s) => s.role === 'approver' && s.active && s.departmentId === c.departmentId)}
          />
          {c.extensionRequests
            .filter((r) => r.status === 'pending')
            .map((r) => (
              <Alert
                key={r.id}
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                message={t('case.pendingExtension', { n: r.workingDays, name: nameOf(r.requestedBy) })}
                description={r.reason}
              />
            ))}

          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('case.item')} span={2}>
              {c.itemName} <Tag>{t(`caseType.${c.caseType}`)}</Tag>
              {c.commitment && <Tag color="purple">{t('catalogue.commitmentAllowed')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.applicant')}>{c.applicant.name}</Descriptions.Item>
            <Descriptions.Item label={t(c.applicant.kind === 'person' ? 'case.idNumber' : 'case.creditCode')}>
              {c.applicant.idNumber}
            </Descriptions.Item>
            {c.applicant.contactName && <Descriptions.Item label={t('case.contactName')}>{c.applicant.contactName}</Descriptions.Item>}
            <Descriptions.Item label={t('case.contactPhone')} span={c.applicant.contactName ? 1 : 2}>
              {c.applicant.contactPhone ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.department')}>{departmentName(c.departmentId)}</Descriptions.Item>
            <Descriptions.Item label={t('case.assignee')}>
              {c.assigneeId ? nameOf(c.assigneeId) : <Typography.Text type="secondary">{t('case.unclaimed')}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.acceptedAt')}>{hallTime(c.acceptedAt, timeZone)}</Descriptions.Item>
            <Descriptions.Item label={t('case.delivery')}>{t(`delivery.${c.deliveryMethod}`)}</Descriptions.Item>
            <Descriptions.Item label={t('case.promisedDue')}>
              {DECIDED.has(c.status) ? (
                hallTime(c.promisedDueAt, timeZone)
              ) : (
                <DueCountdown dueAt={c.promisedDueAt} timeZone={timeZone} suspended={c.status === 'suspended'} />
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.legalDue')}>
              {hallTime(c.legalDueAt, timeZone)}
              {c.extended && (
                <Tag color="orange" style={{ marginInlineStart: 8 }}>
                  {t('case.extendedBy', { n: c.extensionWorkingDays })}
                </Tag>
              )}
            </Descriptions.Item>
            {c.decision && (
              <Descriptions.Item label={t('case.decision')} span={2}>
                {t(`case.decision.${c.decision === 'approved' ? 'approve' : 'deny'}`)}
                {c.decisionReason && `：${c.decisionReason}`}
                {c.remedies?.length ? `（${t('case.remedies')}：${c.remedies.join('、')}）` : ''}
              </Descriptions.Item>
            )}
            {c.reportedTo && (
              <Descriptions.Item label={t('case.reportedTo')} span={2}>
                {c.reportedTo}
              </Descriptions.Item>
            )}
          </Descriptions>

          <Typography.Title level={5} className="case-drawer-section">
            {t('case.materials')}
          </Typography.Title>
          <CaseMaterialsPanel
            materials={data.materials}
            checked={c.materials}
            user={user}
            timeZone={timeZone}
            nameOf={nameOf}
            changed={changed}
          />
          {c.obligations.length > 0 && (
            <List
              size="small"
              header={t('case.obligations')}
              dataSource={c.obligations}
              renderItem={(o) => (
                <List.Item extra={<Tag>{labelOr('case.obligationStatus', o.status)}</Tag>}>
                  {o.material} · {t('case.dueBy', { due: hallTime(o.dueAt, timeZone) })}
                </List.Item>
              )}
            />
          )}

          <Typography.Title level={5} className="case-drawer-section">
            {t('case.steps')}
          </Typography.Title>
          <Steps
            size="small"
            current={DECIDED.has(c.status) ? c.steps.length : c.currentStep}
            status={c.status === 'suspended' ? 'wait' : 'process'}
            items={c.steps.map((s) => ({
              title: s.name,
              description: (
                <>
                  <div>{t('case.stepDue', { due: hallTime(s.dueAt, timeZone) })}</div>
                  {s.handledBy && <div>{nameOf(s.handledBy)}</div>}
                </>
              ),
            }))}
          />

          <SectionList
            title={t('case.suspensions')}
            rows={c.suspensions}
            render={(s) => (
              <List.Item>
                <div>
                  <strong>{s.procedure ?? t('case.suspendKind.correction')}</strong> · {s.reason}
                  <div className="case-event-meta">
                    {hallTime(s.fromAt, timeZone)} → {s.toAt ? hallTime(s.toAt, timeZone) : t('case.stillSuspended')} ·{' '}
                    {t('case.expectedDays', { n: s.expectedWorkingDays })}
                  </div>
                </div>
              </List.Item>
            )}
          />

          <SectionList
            title={t('case.extensionRequests')}
            rows={c.extensionRequests}
            render={(r) => (
              <List.Item
                extra={
                  <Tag color={r.status === 'approved' ? 'green' : r.status === 'rejected' ? 'red' : 'blue'}>
                    {labelOr('case.extensionStatus', r.status)}
                  </Tag>
                }
              >
                <div>
                  {t('case.event.workingDays', { n: r.workingDays })} · {r.reason}
                  <div className="case-event-meta">
                    {hallTime(r.requestedAt, timeZone)} · {nameOf(r.requestedBy)}
                    {r.decisionReason ? ` · ${r.decisionReason}` : ''}
                  </div>
                </div>
              </List.Item>
            )}
          />

          <Typography.Title level={5} className="case-drawer-section">
            {t('case.history')}
          </Typography.Title>
          {data.events.length ? <CaseEvents events={data.events} timeZone={timeZone} nameOf={nameOf} knownName={knownName} /> : <Empty />}
          <Typography.Title level={5} className="case-drawer-section">
            {t('case.notices')}
          </Typography.Title>
          <CaseNotices caseId={c.id} refreshKey={refreshKey} timeZone={timeZone} />
        </>
      )}
    </Drawer>
  );
}

/** A titled list of the case's records of one kind (suspensions, extension requests), shown only when there are some. */
function SectionList<T>({ title, rows, render }: { title: string; rows: T[]; render(row: T): ReactNode }) {
  if (rows.length === 0) return null;
  return (
    <>
      <Typography.Title level={5} className="case-drawer-section">
        {title}
      </Typography.Title>
      <List size="small" bordered dataSource={rows} renderItem={render} />
    </>
  );
}
