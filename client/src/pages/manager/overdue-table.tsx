import { Button, Card, Table, Typography } from 'antd';
import { OverdueCase, OverdueList } from '../../api/stats';
import { countdown, labelOr, useNow } from '../../cases/case-format';
import { hallTime } from '../../lib/hall-time';
import { WarningTag } from '../../cases/warning-level';
import { useI18n } from '../../i18n/i18n';
import { ExportButton } from './export-button';

/**
 * 超期办件 (GET /api/stats/overdue): open cases past their promised due now, longest overdue
 * first, with how long; a case number opens the case with its history.
 */
export function OverdueTable({
  hallId,
  list,
  loading,
  timeZone,
  departmentName,
  assigneeName,
  open,
}: {
  hallId: string;
  list: OverdueList | undefined;
  loading: boolean;
  timeZone: string;
  departmentName(id: string): string;
  assigneeName(id: string): string;
  open(caseId: string): void;
}) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t('manager.overdue', { n: list?.total ?? '—' })}
      extra={<ExportButton report="overdue" query={{ hallId }} label={t('manager.overdueSection')} />}
    >
      <Table<OverdueCase>
        rowKey="caseId"
        size="small"
        loading={loading}
        dataSource={list?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        rowClassName={(r) => `warning-row warning-row-${r.warningLevel ?? 'none'}`}
        locale={{ emptyText: t('manager.noOverdue') }}
        columns={[
          {
            title: t('backoffice.level'),
            dataIndex: 'warningLevel',
            width: 100,
            render: (l: OverdueCase['warningLevel']) => <WarningTag level={l} />,
          },
          {
            title: t('case.number'),
            dataIndex: 'caseNumber',
            width: 190,
            render: (n: string, r) => (
              <Button type="link" className="link-button" onClick={() => open(r.caseId)}>
                {n}
              </Button>
            ),
          },
          { title: t('case.item'), dataIndex: 'itemName' },
          { title: t('case.department'), dataIndex: 'currentDepartmentId', render: departmentName },
          { title: t('common.status'), dataIndex: 'status', width: 90, render: (s: string) => labelOr('caseStatus', s) },
          {
            title: t('case.assignee'),
            dataIndex: 'assigneeId',
            render: (id: string | null) =>
              id ? assigneeName(id) : <Typography.Text type="warning">{t('case.unclaimed')}</Typography.Text>,
          },
          { title: t('case.promisedDue'), dataIndex: 'promisedDueAt', width: 150, render: (due: string) => hallTime(due, timeZone) },
          {
            title: t('manager.overdueBy'),
            dataIndex: 'overdueMs',
            width: 150,
            // Counted by the server at `at`, growing since, except for a suspended case, whose clock stands still.
            render: (ms: number, r) =>
              list && r.status !== 'suspended' ? (
                <OverdueBy ms={ms} at={list.at} />
              ) : (
                <span className="countdown-overdue">{countdown(0, ms).text}</span>
              ),
          },
          { title: t('case.legalDue'), dataIndex: 'legalDueAt', width: 150, render: (due: string | null) => hallTime(due, timeZone) },
        ]}
      />
    </Card>
  );
}

/** How long overdue, counted by the server at `at` and growing since; it ticks alone, not the whole table. */
function OverdueBy({ ms, at }: { ms: number; at: string }) {
  const since = Math.max(0, useNow() - Date.parse(at));
  return <span className="countdown-overdue">{countdown(0, ms + since).text}</span>;
}
