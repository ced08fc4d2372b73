import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, Credentials } from '../api/http';
import { SignedIn } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { authApi, TotpConfirmed, TotpEnrolment } from '../api/auth';

/**
 * TOTP enrolment: the seed as a QR code (and as text, to type in), a first code to confirm it, then
 * the ten recovery codes, shown this once, until their holder says they are kept.
 */
export function TotpEnrolmentSteps({ credentials, done }: { credentials: Credentials; done(signIn: SignedIn | null): void }) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [confirmed, setConfirmed] = useState<TotpConfirmed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stale = false;
    authApi.enrolTotp(credentials).then(
      (e) => {
        if (!stale) setEnrolment(e);
      },
      (err) => {
        if (!stale) setError(err instanceof ApiError ? err.message : String(err));
      },
    );
    return () => {
      stale = true;
    };
  }, [credentials]);

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      setConfirmed(await authApi.confirmTotp({ code: code.trim() }, credentials));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (confirmed) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon message={t('totp.recoveryTitle')} description={t('totp.recoveryHelp')} />
        <pre className="recovery-codes" data-testid="recovery-codes">
          {confirmed.recoveryCodes.join('\n')}
        </pre>
        <Button type="primary" block onClick={() => done(confirmed.signIn)}>
          {t('totp.recoverySaved')}
        </Button>
      </Space>
    );
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      <Typography.Paragraph>{t('totp.scanHelp')}</Typography.Paragraph>
      {enrolment && (
        <>
          <div style={{ textAlign: 'center' }}>
            <img src={enrolment.qrDataUrl} alt={t('totp.qrAlt')} width={200} height={200} />
          </div>
          <Typography.Paragraph type="secondary">
            {t('totp.manualKey')}{' '}
            <Typography.Text code copyable data-testid="totp-secret">
              {enrolment.secret}
            </Typography.Text>
          </Typography.Paragraph>
          <Form<{ code: string }> layout="vertical" onFinish={confirm} requiredMark={false} disabled={busy}>
            <Form.Item
              name="code"
              label={t('totp.code')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('totp.codeFormat') }]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={8} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('totp.confirm')}
            </Button>
          </Form>
        </>
      )}
    </Space>
  );
}
