import { SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, List, Spin, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CaseLiveView } from '../../api/cases';
import { labelOr, localWallTime } from '../../cases/case-format';
import { LiveIndicator } from '../../cases/live-indicator';
import { NoticeFeed, useNotices } from '../../cases/notice-feed';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { useRealtime } from '../../realtime/realtime';
import { CaseRatingCard } from './case-rating-card';
import { OnlineCorrectionCard } from './online-correction-card';
import { OnlineVisitCard } from './online-visit-card';
import './case-page.css';
import { onlineApi } from '../../api/online';
import { CitizenHeader } from './citizen-header';

const FINISHED = new Set(['picked_up', 'mailed', 'delivered', 'reported']);
const ENDED = new Set(['not_accepted', 'withdrawn', 'aborted', 'returned']);

/**
 * A citizen's own case, without login: the case number and the query code printed on the
 * 受理通知书 (or the QR code there, which carries both) open its status, steps and due date,
 * kept current over socket.io, and the 一事一评 rating once it is concluded.
 */
export function CaseLookupPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const no = params.get('no')?.trim() ?? '';
  const code = params.get('code')?.trim() ?? '';
  const key = no && code ? { no, code } : null;
  const lookUp = (v: { no: string; code: string }) => setParams({ no: v.no.trim().toUpperCase(), code: v.code.trim().toUpperCase() });

  return (
    <div className="citizen-page case-page">
      <CitizenHeader title={t('citizenCase.title')} />
      {key ? (
        <CaseStatus key={`${key.no}:${key.code}`} no={key.no} code={key.code} lookUp={lookUp} another={() => setParams({})} />
      ) : (
        <LookupForm initial={{ no, code }} lookUp={lookUp} />
      )}
    </div>
  );
}

function LookupForm({
  initial,
  lookUp,
  error,
}: {
  initial: { no: string; code: string };
  lookUp(v: { no: string; code: string }): void;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('citizenCase.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
      <Form layout="vertical" initialValues={initial} onFinish={lookUp} requiredMark={false}>
        <Form.Item name="no" label={t('citizenCase.caseNumber')} rules={[{ required: true, whitespace: true }]}>
          <Input size="large" autoComplete="off" placeholder="DEMO-20260302-0001" maxLength={40} inputMode="text" />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('citizenCase.queryCode')}
          rules={[{ required: true, whitespace: true }]}
          extra={t('citizenCase.queryCodeHelp')}
        >
          <Input size="large" autoComplete="off" maxLength={20} />
        </Form.Item>
        <Button type="primary" size="large" htmlType="submit" block icon={<SearchOutlined />}>
          {t('citizenCase.lookUp')}
        </Button>
      </Form>
    </Card>
  );
}

function CaseStatus({
  no,
  code,
  lookUp,
  another,
}: {
  no: string;
  code: string;
  lookUp(v: { no: string; code: string }): void;
  another(): void;
}) {
  const { t, lang } = useI18n();
  const [pushed, setPushed] = useState<CaseLiveView | null>(null);
  const { notices, receive } = useNotices();
  const loaded = useLoad((signal) => onlineApi.caseLive({ no, code }, signal), [no, code]);
  // The newest of what was fetched and what was pushed: a push older than the fetch is ignored.
  const view = pushed && (!loaded.data || pushed.version >= loaded.data.version) ? pushed : loaded.data;
  const live = useRealtime(
    loaded.data ? [{ kind: 'case', caseNumber: no, queryCode: code }] : null,
    {
      'case.updated': (v: CaseLiveView) => setPushed((p) => (p && p.version > v.version ? p : v)),
      notice: receive,
    },
    { as: 'anonymous' },
  );

  if (loaded.error && !view) {
    return (
      <LookupForm
        initial={{ no, code }}
        error={loaded.error.message}
        lookUp={(v) => (v.no.trim().toUpperCase() === no && v.code.trim().toUpperCase() === code ? void loaded.reload() : lookUp(v))}
      />
    );
  }
  if (!view) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} />;

  const status = lang === 'zh-CN' ? view.statusLabel : view.revoked ? t('citizenCase.revoked') : labelOr('caseStatus', view.status);
  const tone =
    view.revoked || ENDED.has(view.status) || view.status === 'denied'
      ? 'bad'
      : view.readyForPickup || FINISHED.has(view.status)
        ? 'good'
        : 'busy';
  const steps = [
    { title: t('citizenCase.received'), description: localWallTime(view.receivedAt), status: 'finish' as const },
    ...view.steps.map((s) => ({
      title: s.name,
      description: s.dueAt ? t('citizenCase.stepDue', { due: localWallTime(s.dueAt) }) : undefined,
      status:
        s.state === 'done'
          ? ('finish' as const)
          : s.state === 'current'
            ? view.suspended
              ? ('wait' as const)
              : ('process' as const)
            : ('wait' as const),
    })),
    {
      title: t('citizenCase.concluded'),
      description: view.concludedAt ? localWallTime(view.concludedAt) : undefined,
      status: view.concludedAt ? ('finish' as const) : ('wait' as const),
    },
  ];

  return (
    <>
      <Card className={`case-status-card case-status-${tone}`}>
        <div className="case-status-hall">{view.hallName}</div>
        <div className="case-status-label" role="status" aria-live="polite">
          {status}
        </div>
        <div className="case-status-item">{view.itemName}</div>
        <div className="case-status-live">
          <LiveIndicator state={live} />
        </div>
      </Card>

      <NoticeFeed notices={notices} />
      {view.readyForPickup && (
        <Alert
          type="success"
          showIcon
          className="case-alert"
          message={t('citizenCase.readyTitle')}
          description={
            <>
              {view.pickupCode && (
                <div className="pickup-code">
                  {t('citizenCase.pickupCode')}
                  <strong>{view.pickupCode}</strong>
                </div>
              )}
              <div>{t(view.deliveryMethod === 'window' ? 'citizenCase.readyWindow' : 'citizenCase.readyOther')}</div>
            </>
          }
        />
      )}
      {view.shipment && (
        <Alert
          type="info"
          showIcon
          className="case-alert"
          message={t('citizenCase.shipped', { carrier: view.shipment.carrier, number: view.shipment.trackingNumber })}
        />
      )}
      {view.suspended && <Alert type="warning" showIcon className="case-alert" message={t('citizenCase.suspended')} />}
      {view.missingMaterials.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="case-alert"
          message={t('citizenCase.missingTitle')}
          description={
            <ol className="case-list">
              {view.missingMaterials.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ol>
          }
        />
      )}
      {view.onlineCorrection && (
        <OnlineCorrectionCard no={no} code={code} materials={view.onlineCorrection} resubmitted={() => void loaded.reload()} />
      )}

      <OnlineVisitCard no={no} code={code} status={view.status} />

      <Card size="small" className="case-section">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('citizenCase.caseNumber')}>{view.caseNumber}</Descriptions.Item>
          <Descriptions.Item label={t('case.applicant')}>
            {view.applicant.name}（{view.applicant.idNumber}）
          </Descriptions.Item>
          <Descriptions.Item label={t('citizenCase.acceptedAt')}>{localWallTime(view.acceptedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('citizenCase.promisedDue')}>
            <strong>{localWallTime(view.promisedDueAt)}</strong>
            {view.extended && (
              <Tag color="orange" style={{ marginInlineStart: 8 }}>
                {t('case.extended')}
              </Tag>
            )}
          </Descriptions.Item>
          {view.legalDueAt && <Descriptions.Item label={t('citizenCase.legalDue')}>{localWallTime(view.legalDueAt)}</Descriptions.Item>}
          <Descriptions.Item label={t('case.delivery')}>{t(`delivery.${view.deliveryMethod}`)}</Descriptions.Item>
        </Descriptions>
      </Card>

      {view.obligations.length > 0 && (
        <Card size="small" className="case-section" title={t('citizenCase.obligations')}>
          <List
            size="small"
            dataSource={view.obligations}
            renderItem={(o) => (
              <List.Item extra={<Tag>{labelOr('case.obligationStatus', o.status)}</Tag>}>
                {o.material} · {t('case.dueBy', { due: localWallTime(o.dueAt) })}
              </List.Item>
            )}
          />
        </Card>
      )}

      <Card size="small" className="case-section" title={t('citizenCase.progress')}>
        <Steps direction="vertical" size="small" items={steps} />
      </Card>

      <CaseRatingCard caseNumber={no} queryCode={code} caseStatus={view.status} />

      <Button block type="link" onClick={another}>
        {t('citizenCase.another')}
      </Button>
    </>
  );
}
