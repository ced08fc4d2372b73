import { Alert, Button, Card, Descriptions, Input, Space } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/http';
import { labelOr } from '../../cases/case-format';
import { useI18n } from '../../i18n/i18n';
import { casesApi, OnlineCaseAtWindow } from '../../api/cases';

/**
 * 只跑一次 at the window: the applicant of an online case that passed 网上预审 comes with the originals.
 * The clerk finds the case by the number the applicant gives and completes the acceptance from it
 * (the files sent online stay; the trip is the case's visit), instead of a new application.
 */
export function OnlineVisitPanel({ hallId, ticketId }: { hallId: string; ticketId: string }) {
  const { t } = useI18n();
  const [no, setNo] = useState('');
  const [found, setFound] = useState<OnlineCaseAtWindow | null>(null);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const failed = (err: unknown) => setError(err instanceof ApiError ? err.message : String(err));

  const find = async () => {
    setError(null);
    setDone(false);
    setFound(null);
    try {
      setFound(await casesApi.byNumber(hallId, no.trim()));
    } catch (err) {
      failed(err);
    }
  };
  const sight = async () => {
    if (!found) return;
    setError(null);
    try {
      setFound(await casesApi.originalsSighted(found.id, ticketId));
      setDone(true);
    } catch (err) {
      failed(err);
    }
  };

  return (
    <Card size="small" className="online-visit-panel" title={t('console.onlineVisitTitle')}>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          aria-label={t('console.onlineVisitNumber')}
          placeholder={t('console.onlineVisitNumber')}
          value={no}
          onChange={(e) => setNo(e.target.value)}
          onPressEnter={() => void find()}
        />
        <Button onClick={() => void find()} disabled={!no.trim()}>
          {t('console.onlineVisitFind')}
        </Button>
      </Space.Compact>
      {found && (
        <Descriptions column={1} size="small" style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('citizenCase.caseNumber')}>{found.caseNumber}</Descriptions.Item>
          <Descriptions.Item label={t('case.item')}>{found.itemName}</Descriptions.Item>
          <Descriptions.Item label={t('console.onlineVisitStatus')}>{labelOr('caseStatus', found.status)}</Descriptions.Item>
          <Descriptions.Item label={t('console.onlineVisitVisits')}>{found.visits}</Descriptions.Item>
        </Descriptions>
      )}
      {found && !done && (
        <Button type="primary" onClick={() => void sight()}>
          {t('console.onlineVisitSight')}
        </Button>
      )}
      {done && <Alert type="success" showIcon message={t('console.onlineVisitDone')} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}
