import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useDownload } from '../../documents/documents';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { MessageKey } from '../../i18n/messages';
import { useLoad } from '../../lib/use-load';
import { auditApi, AuditRecord, ChainVerification } from '../../api/audit';

type AuditResult = 'success' | 'denied' | 'failed';

interface Filters {
  range?: [Dayjs, Dayjs] | null;
  actor?: string;
  action?: string;
  result?: AuditResult;
  targetType?: string;
  targetId?: string;
}

const RESULT_COLORS: Record<AuditResult, string> = { success: 'green', denied: 'orange', failed: 'red' };
const ACTIONS = [
  'auth.login',
  'account.',
  'account.create',
  'account.update',
  'device.',
  'hall.',
  'department.',
  'category.',
  'window.',
  'item.',
  'calendar.',
  'stats.export',
  'pii.id_number.view',
  'access.denied',
  'audit.',
];
const PAGE_SIZE = 20;
const STAFF_ROLES = ['clerk', 'approver', 'manager', 'admin', 'security_admin', 'audit_admin'];

/** The query string of the filters, as GET /api/audit and its export take it. */
function queryOf(f: Filters): Record<string, string | undefined> {
  return {
    from: f.range?.[0]?.startOf('day').toISOString(),
    to: f.range?.[1]?.add(1, 'day').startOf('day').toISOString(),
    actor: f.actor?.trim() || undefined,
    action: f.action || undefined,
    result: f.result,
    targetType: f.targetType?.trim() || undefined,
    targetId: f.targetId?.trim() || undefined,
  };
}

function actorLabel(r: AuditRecord, t: (key: MessageKey) => string): string {
  if (r.actorKind === 'user' || (r.actorKind === 'anonymous' && r.actorUsername)) return r.actorUsername ?? '—';
  if (r.actorKind === 'device') return `${t('audit.device')} ${r.actorId?.slice(0, 8) ?? ''}`;
  return t(r.actorKind === 'system' ? 'audit.system' : 'audit.anonymous');
}

/** The audit administrator's page: the trail of staff actions, its export, and the check of its hash chain. */
export function AuditPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<ChainVerification | null>(null);
  const records = useLoad((signal) => auditApi.page({ ...queryOf(filters), page, pageSize: PAGE_SIZE }, signal), [filters, page]);

  const verify = async () => {
    setVerifying(true);
    try {
      setVerification(await auditApi.verify());
      await records.reload();
    } finally {
      setVerifying(false);
    }
  };

  const exporting = useDownload();
  const exportCsv = async () => {
    if (await exporting.download('/audit/export', queryOf(filters), 'audit-log.csv')) await records.reload();
  };

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={[
          <Button key="verify" type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
            {t('audit.verify')}
          </Button>,
          <Button key="export" icon={<DownloadOutlined />} loading={exporting.busy} onClick={() => void exportCsv()}>
            {t('audit.exportCsv')}
          </Button>,
        ]}
      />
      {verification && (
        <Alert
          data-testid="chain-verification"
          style={{ marginBottom: 16 }}
          showIcon
          type={verification.intact ? 'success' : 'error'}
          message={
            verification.intact
              ? t('audit.intact', { count: verification.verified })
              : t('audit.broken', {
                  id: verification.firstBreak!.id,
                  reason: t(`audit.reason.${verification.firstBreak!.reason}` as MessageKey),
                })
          }
          description={
            verification.intact ? (
              <Typography.Text type="secondary">
                {t('audit.head', { id: verification.lastId })} <code>{verification.lastHash}</code>
              </Typography.Text>
            ) : (
              <Space direction="vertical" size={0}>
                <span>{t('audit.verifiedBefore', { count: verification.verified })}</span>
                <span>
                  {t('audit.expected')} <code>{verification.firstBreak!.expected}</code>
                </span>
                <span>
                  {t('audit.stored')} <code>{verification.firstBreak!.stored}</code>
                </span>
              </Space>
            )
          }
        />
      )}
      <Form<Filters>
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) => {
          setPage(1);
          setFilters(v);
        }}
      >
        <Form.Item name="range" label={t('audit.period')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Select
            allowClear
            showSearch
            style={{ width: 200 }}
            options={ACTIONS.map((a) => ({ value: a, label: a.endsWith('.') ? `${a}*` : a }))}
          />
        </Form.Item>
        <Form.Item name="result" label={t('audit.result')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={(['success', 'denied', 'failed'] as const).map((r) => ({ value: r, label: t(`audit.result.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="targetType" label={t('audit.target')}>
          <Input allowClear placeholder={t('audit.targetTypePlaceholder')} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="targetId">
          <Input allowClear placeholder={t('audit.targetIdPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />}>
            {t('audit.search')}
          </Button>
        </Form.Item>
      </Form>
      <Table<AuditRecord>
        rowKey="id"
        size="small"
        loading={records.loading}
        dataSource={records.data?.items}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: records.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('audit.total', { count: total }),
          onChange: setPage,
        }}
        rowClassName={(r) => (verification?.firstBreak?.id === r.id ? 'audit-broken-row' : '')}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => new Date(at).toLocaleString() },
          {
            title: t('audit.actor'),
            width: 170,
            render: (_, r) => (
              <Space size={4} wrap>
                <span>{actorLabel(r, t)}</span>
                {r.actorRole && (
                  <Tag bordered={false}>{STAFF_ROLES.includes(r.actorRole) ? t(`role.${r.actorRole}` as MessageKey) : r.actorRole}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('audit.from'),
            width: 150,
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{r.clientAddress ?? '—'}</span>
                {r.requestId && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.requestId }}>
                    {r.requestId}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('audit.action'), dataIndex: 'action', width: 170, render: (a: string) => <code>{a}</code> },
          {
            title: t('audit.target'),
            width: 200,
            render: (_, r) =>
              r.targetType ? (
                <Typography.Text ellipsis={{ tooltip: r.targetId }}>
                  {r.targetType}
                  {r.targetId ? `: ${r.targetId}` : ''}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
          {
            title: t('audit.result'),
            dataIndex: 'result',
            width: 90,
            render: (r: AuditResult) => <Tag color={RESULT_COLORS[r]}>{t(`audit.result.${r}`)}</Tag>,
          },
          {
            title: t('audit.detail'),
            dataIndex: 'detail',
            render: (d: Record<string, unknown>) => (
              <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: JSON.stringify(d) }}>
                {JSON.stringify(d)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
