import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, Credentials } from '../api/http';
import { LoginResponse, SignedIn, StaffRole } from '../api/types';
import { useAuth } from '../auth/auth';
import { PasswordChangeForm } from '../auth/password-change-form';
import { homeOf, STAFF_PAGES } from '../auth/staff-pages';
import { TotpEnrolmentSteps } from '../auth/totp-enrolment';
import { LanguageSwitch } from '../components/language-switch';
import { useI18n } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages';

interface SignInForm {
  username: string;
  password: string;
}

/** `next` must be a staff page of this app: an open redirect would let a phishing link pick the destination. */
function safeNext(next: string | null, role: StaffRole): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return homeOf(role);
  const page = STAFF_PAGES.find((p) => next === p.path || next.startsWith(`${p.path}/`) || next.startsWith(`${p.path}?`));
  return page?.roles.includes(role) ? next : homeOf(role);
}

/** Where a sign-in stands between its first step and a full session. */
type Stage =
  | { step: 'credentials' }
  | { step: 'totp'; challenge: string }
  | { step: 'change-password'; token: string; password: string }
  | { step: 'enrol-totp'; token: string };

const TITLES: Record<Stage['step'], MessageKey> = {
  credentials: 'login.title',
  totp: 'login.totpTitle',
  'change-password': 'login.changePasswordTitle',
  'enrol-totp': 'login.enrolTitle',
};

const NOTICES = { expired: 'login.expired', idle: 'login.idle', 'signed-out': 'login.signedOut' } as const;

/**
 * Staff sign-in, in as many steps as the account needs: the password; a TOTP code when enrolled; a
 * new password when an admin set the current one or it is too old; TOTP enrolment when the role
 * requires it. Only the last step's answer is kept as the session.
 */
export function LoginPage() {
  const { t } = useI18n();
  const { user, login, loginTotp, accept, ended } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'credentials' });
  const pending = useMemo<Credentials | null>(() => ('token' in stage ? { as: 'pending', token: stage.token } : null), [stage]);

  if (user) return <Navigate to={safeNext(params.get('next'), user.role)} replace />;

  /** Moves to what the answer asks for next; a `done` answer is already the session (AuthProvider kept it). */
  const follow = (res: LoginResponse, password = '') => {
    if (res.step === 'done') navigate(safeNext(params.get('next'), res.user.role), { replace: true });
    else if (res.step === 'totp') setStage({ step: 'totp', challenge: res.challenge });
    else if (res.step === 'change-password') setStage({ step: 'change-password', token: res.token, password });
    else setStage({ step: 'enrol-totp', token: res.token });
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'LOGIN_CHALLENGE_INVALID') setStage({ step: 'credentials' });
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = ({ username, password }: SignInForm) => run(async () => follow(await login(username.trim(), password), password));
  const submitCode = ({ code }: { code: string }) =>
    run(async () => {
      if (stage.step === 'totp') follow(await loginTotp(stage.challenge, code.trim()));
    });
  const stepDone = (next: SignedIn | null) => {
    if (!next) return;
    if (next.step === 'done') accept(next);
    follow(next);
  };

  return (
    <div className="login-page">
      <LanguageSwitch className="login-language" />
      <div className="login-box">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <div>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
        </div>
        <Card title={t(TITLES[stage.step])}>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
          {stage.step === 'credentials' && (
            <>
              {!error && ended && (
                <Alert
                  type={ended === 'signed-out' ? 'info' : 'warning'}
                  showIcon
                  message={t(NOTICES[ended])}
                  style={{ marginBottom: 16 }}
                />
              )}
              <Form<SignInForm> layout="vertical" onFinish={submitPassword} requiredMark={false} disabled={busy}>
                <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true }]}>
                  <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
                </Form.Item>
                <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
                  <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block size="large" loading={busy}>
                  {t('login.submit')}
                </Button>
              </Form>
            </>
          )}
          {stage.step === 'totp' && (
            <Form<{ code: string }> layout="vertical" onFinish={submitCode} requiredMark={false} disabled={busy}>
              <Typography.Paragraph>{t('login.totpHelp')}</Typography.Paragraph>
              <Form.Item
                name="code"
                label={t('login.totpCode')}
                rules={[{ required: true, whitespace: true }]}
                extra={t('login.recoveryHint')}
              >
                <Input prefix={<SafetyOutlined />} inputMode="numeric" autoComplete="one-time-code" autoFocus size="large" maxLength={20} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block size="large" loading={busy}>
                {t('login.verify')}
              </Button>
              <Button
                type="link"
                block
                onClick={() => {
                  setError(null);
                  setStage({ step: 'credentials' });
                }}
              >
                {t('login.back')}
              </Button>
            </Form>
          )}
          {stage.step === 'change-password' && pending && (
            <>
              <Alert type="info" showIcon message={t('login.changePasswordHelp')} style={{ marginBottom: 16 }} />
              <PasswordChangeForm credentials={pending} currentPassword={stage.password} done={stepDone} />
            </>
          )}
          {stage.step === 'enrol-totp' && pending && (
            <>
              <Alert type="info" showIcon message={t('login.enrolHelp')} style={{ marginBottom: 16 }} />
              <TotpEnrolmentSteps credentials={pending} done={stepDone} />
            </>
          )}
        </Card>
        <Typography.Paragraph type="secondary" className="login-footer">
          {t('login.footer')}
        </Typography.Paragraph>
      </div>
    </div>
  );
}
