import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, Credentials } from '../api/http';
import { SignedIn } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { brokenRules } from './password-rules';
import { authApi } from '../api/auth';

interface Values {
  currentPassword?: string;
  newPassword: string;
  repeat: string;
}

/**
 * Sets a new password (POST /auth/password). At first sign-in the current password was just typed
 * and is passed in; on the account page it is asked for. Answers with the next session.
 */
export function PasswordChangeForm({
  credentials,
  currentPassword,
  done,
}: {
  credentials: Credentials;
  currentPassword?: string;
  done(next: SignedIn): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const next = await authApi.changePassword(
        { currentPassword: currentPassword ?? values.currentPassword ?? '', newPassword: values.newPassword },
        credentials,
      );
      form.resetFields();
      done(next);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const rules = brokenRules(error);
  return (
    <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
      {error !== null && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={error instanceof ApiError ? error.message : String(error)}
          description={
            rules.length ? (
              <ul className="password-rules">
                {rules.map((k) => (
                  <li key={k}>{t(k)}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {currentPassword === undefined && (
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
        </Form.Item>
      )}
      <Form.Item name="newPassword" label={t('password.new')} rules={[{ required: true }]} extra={t('password.policy')}>
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Form.Item
        name="repeat"
        label={t('password.repeat')}
        dependencies={['newPassword']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" maxLength={128} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('password.submit')}
      </Button>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('password.endsSessions')}
      </Typography.Paragraph>
    </Form>
  );
}
