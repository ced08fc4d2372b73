import { Alert, App, Button, Card, Col, Empty, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { casesApi, PreExamDecision, PreExamEntry } from '../../api/cases';
import { ApiError } from '../../api/http';
import { useAuth } from '../../auth/auth';
import { hallTime } from '../../lib/hall-time';
import { CaseMaterialsPanel } from '../../cases/case-materials';
import { LiveIndicator } from '../../cases/live-indicator';
import { PageHeader } from '../../components/page-header';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { useRealtime } from '../../realtime/realtime';

/**
 * 网上预审: the hall's online applications waiting for a clerk, longest waiting first and followed live;
 * the chosen one with its uploaded materials, passed, sent back for 补正 or refused (不予受理).
 * Managers see the list and the materials but decide nothing (the server grants the decision to clerks).
 */
export function PreExamPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hall } = useHall();
  const { user } = useAuth();
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const waiting = useLoad((signal) => casesApi.preExaminations(hall.id, signal), [hall.id]);
  const live = useRealtime(
    [{ kind: 'case-pre-exam', hallId: hall.id }],
    { 'pre_exam.changed': () => void waiting.reload() },
    { as: 'staff', resync: () => void waiting.reload() },
  );
  const selected = useLoad(
    async (signal) => {
      if (!selectedId) return null;
      const [detail, materials] = await Promise.all([casesApi.get(selectedId, signal), casesApi.materials(selectedId, signal)]);
      return { detail, materials };
    },
    [selectedId],
  );

  const columns = [
    { title: t('case.number'), dataIndex: 'caseNumber', width: 190 },
    { title: t('case.item'), dataIndex: 'itemName' },
    { title: t('case.applicant'), dataIndex: 'applicantName', width: 110 },
    {
      title: t('preExam.waited'),
      dataIndex: 'waitedMinutes',
      width: 150,
      render: (m: number, r: PreExamEntry) => (
        <Space size={4} wrap>
          <span>{t('preExam.minutes', { n: m })}</span>
          {r.corrections > 0 && <Tag color="orange">{t('preExam.resubmitted', { n: r.corrections })}</Tag>}
        </Space>
      ),
    },
  ];

  const decided = () => {
    setSelectedId(null);
    void waiting.reload();
  };
  const data = selected.data?.detail.id === selectedId ? selected.data : undefined;

  return (
    <>
      <PageHeader title={t('preExam.title')} extra={<LiveIndicator state={live} />} />
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('preExam.waiting')}>
            <Table<PreExamEntry>
              size="small"
              rowKey="id"
              loading={waiting.loading}
              dataSource={waiting.data ?? []}
              columns={columns}
              pagination={false}
              locale={{ emptyText: <Empty description={t('preExam.none')} /> }}
              rowClassName={(r) => (r.id === selectedId ? 'ant-table-row-selected' : '')}
              onRow={(r) => ({ onClick: () => setSelectedId(r.id) })}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {data && user ? (
            <Card
              size="small"
              title={
                <Space wrap>
                  <span>{data.detail.caseNumber}</span>
                  <Typography.Text type="secondary">{hallTime(data.detail.receivedAt, hall.timezone)}</Typography.Text>
                </Space>
              }
            >
              <CaseMaterialsPanel
                materials={data.materials}
                checked={data.detail.materials}
                user={user}
                timeZone={hall.timezone}
                nameOf={() => t('case.staffMember')}
                changed={() => void selected.reload()}
              />
              {user.role === 'clerk' && (
                <DecisionForm
                  caseId={data.detail.id}
                  materials={data.materials.materials.map((m) => m.name)}
                  decided={decided}
                  notify={(text) => void message.success(text)}
                />
              )}
            </Card>
          ) : (
            <Card size="small">
              <Empty description={t('preExam.choose')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

function DecisionForm(props: { caseId: string; materials: string[]; decided(): void; notify(text: string): void }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'correct' | 'refuse' | null>(null);
  const [corrections, setCorrections] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (body: PreExamDecision) => {
    setBusy(true);
    setError(null);
    try {
      await casesApi.preExamine(props.caseId, body);
      props.notify(t(`preExam.done.${body.decision}`));
      props.decided();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  // Each material the clerk wrote something against is sent as "material: what is wrong" (一次性告知).
  const missing = Object.entries(corrections)
    .filter(([, what]) => what.trim() !== '')
    .map(([name, what]) => `${name}：${what.trim()}`);

  return (
    <div className="pre-exam-decision" style={{ marginTop: 16 }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void send({ decision: 'pass' })}>
          {t('preExam.pass')}
        </Button>
        <Button onClick={() => setMode('correct')}>{t('preExam.correct')}</Button>
        <Button danger onClick={() => setMode('refuse')}>
          {t('preExam.refuse')}
        </Button>
      </Space>
      {mode === 'correct' && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Typography.Text type="secondary">{t('preExam.correctHint')}</Typography.Text>
          {props.materials.map((name) => (
            <Input
              key={name}
              addonBefore={name}
              aria-label={name}
              maxLength={200}
              value={corrections[name] ?? ''}
              onChange={(e) => setCorrections({ ...corrections, [name]: e.target.value })}
            />
          ))}
          <Button type="primary" loading={busy} onClick={() => void send({ decision: 'correct', missingMaterials: missing })}>
            {t('preExam.sendCorrection')}
          </Button>
        </Space>
      )}
      {mode === 'refuse' && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
          <Input.TextArea
            aria-label={t('preExam.reason')}
            placeholder={t('preExam.reason')}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Button danger type="primary" loading={busy} onClick={() => void send({ decision: 'refuse', reason })}>
            {t('preExam.sendRefusal')}
          </Button>
        </Space>
      )}
    </div>
  );
}
