import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/http';
import { StaffRole } from '../api/types';
import { useAuth } from '../auth/auth';
import { homeOf, STAFF_PAGES } from '../auth/staff-pages';
import { LanguageSwitch } from '../components/language-switch';
import { useI18n } from '../i18n/i18n';

interface Credentials {
  username: string;
  password: string;
}

/** `next` must be a staff page of this app: an open redirect would let a phishing link pick the destination. */
function safeNext(next: string | null, role: StaffRole): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return homeOf(role);
  const page = STAFF_PAGES.find((p) => next === p.path || next.startsWith(`${p.path}/`) || next.startsWith(`${p.path}?`));
  return page?.roles.includes(role) ? next : homeOf(role);
}

export function LoginPage() {
  const { t } = useI18n();
  const { user, login, expired } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (user) return <Navigate to={safeNext(params.get('next'), user.role)} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const signedIn = await login(username.trim(), password);
      navigate(safeNext(params.get('next'), signedIn.role), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <LanguageSwitch className="login-language" />
      <div className="login-box">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <div>
            <Typography.Title level={2} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
        </div>
        <Card title={t('login.title')}>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
          {!error && expired && <Alert type="warning" showIcon message={t('login.expired')} style={{ marginBottom: 16 }} />}
          <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
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
        </Card>
        <Typography.Paragraph type="secondary" className="login-footer">{t('login.footer')}</Typography.Paragraph>
      </div>
    </div>
  );
}
