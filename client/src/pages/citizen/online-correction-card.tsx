import { Alert, Button, Card, List, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import { onlineApi } from '../../api/online';

interface OnlineCorrectionCardProps {
  no: string;
  code: string;
  /** The case's materials in checklist order: a material's position is the index it is uploaded to. */
  materials: string[];
  /** After the resubmission: the page reads the case again (the push may come first). */
  resubmitted(): void;
}

/**
 * 补正 of an online application from the phone: a corrected file for any material, then 重新提交
 * sends the case back to the clerk's 网上预审 list. Files already sent stay with the case.
 */
export function OnlineCorrectionCard({ no, code, materials, resubmitted }: OnlineCorrectionCardProps) {
  const { t } = useI18n();
  const [sent, setSent] = useState<Record<number, string[]>>({});
  const [busy, setBusy] = useState<number | 'resubmit' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (index: number, file: File | undefined) => {
    if (!file) return;
    setBusy(index);
    setError(null);
    try {
      await onlineApi.correct({ no, code }, index, file);
      setSent((s) => ({ ...s, [index]: [...(s[index] ?? []), file.name] }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  const resubmit = async () => {
    setBusy('resubmit');
    setError(null);
    try {
      await onlineApi.resubmit({ no, code });
      resubmitted();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" className="case-section" title={t('citizenCase.correctionTitle')}>
      <Typography.Paragraph type="secondary">{t('citizenCase.correctionHint')}</Typography.Paragraph>
      <List
        size="small"
        dataSource={materials.map((name, index) => ({ name, index }))}
        renderItem={({ name, index }) => (
          <List.Item>
            <div style={{ width: '100%' }}>
              <Typography.Text strong>{name}</Typography.Text>
              <div>
                <input
                  type="file"
                  accept="image/*,application/pdf"
                  capture="environment"
                  aria-label={t('citizenCase.correctionUpload', { name })}
                  disabled={busy !== null}
                  onChange={(e) => {
                    void upload(index, e.target.files?.[0]);
                    e.target.value = '';
                  }}
                />
              </div>
              {(sent[index] ?? []).map((f) => (
                <Typography.Text key={f} type="success" style={{ display: 'block' }}>
                  {t('citizenCase.correctionSent', { name: f })}
                </Typography.Text>
              ))}
            </div>
          </List.Item>
        )}
      />
      {error && <Alert type="error" showIcon message={error} className="case-alert" />}
      <Button
        type="primary"
        block
        loading={busy === 'resubmit'}
        disabled={busy !== null && busy !== 'resubmit'}
        onClick={() => void resubmit()}
      >
        {t('citizenCase.resubmit')}
      </Button>
    </Card>
  );
}
