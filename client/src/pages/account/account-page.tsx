import { App, Button, Card, Col, Descriptions, Row, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Credentials } from '../../api/http';
import { SignedIn } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { PasswordChangeForm } from '../../auth/password-change-form';
import { TotpEnrolmentSteps } from '../../auth/totp-enrolment';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';
import { authApi, OwnSession } from '../../api/auth';

const STAFF: Credentials = { as: 'staff' };

/** 账号与安全: the own password, the second factor (enrolment, recovery codes left) and open sessions. */
export function AccountPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user, accept } = useAuth();
  const [enrolling, setEnrolling] = useState(false);
  const totp = useLoad((signal) => authApi.totpStatus(signal), []);
  const sessions = useLoad((signal) => authApi.sessions(signal), []);
  if (!user) return null;

  const passwordChanged = (next: SignedIn) => {
    if (next.step === 'done') accept(next);
    void message.success(t('account.passwordChanged'));
    void sessions.reload();
  };

  return (
    <>
      <PageHeader title={t('account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('account.profile')}>
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'u', label: t('login.username'), children: user.username },
                { key: 'n', label: t('account.displayName'), children: user.displayName },
                { key: 'r', label: t('account.role'), children: t(`role.${user.role}`) },
              ]}
            />
          </Card>
          <Card title={t('account.totp')} style={{ marginTop: 16 }}>
            {totp.data && !enrolling && (
              <>
                <Typography.Paragraph>
                  {totp.data.enrolled ? (
                    <Tag color="green">{t('account.totpOn')}</Tag>
                  ) : (
                    <Tag color={totp.data.required ? 'red' : 'default'}>{t('account.totpOff')}</Tag>
                  )}
                  {totp.data.required && <Typography.Text type="secondary">{t('account.totpRequired')}</Typography.Text>}
                </Typography.Paragraph>
                {totp.data.enrolled ? (
                  <Typography.Paragraph>{t('account.recoveryLeft', { count: totp.data.unusedRecoveryCodes })}</Typography.Paragraph>
                ) : (
                  <Button type="primary" onClick={() => setEnrolling(true)}>
                    {t('account.enrol')}
                  </Button>
                )}
              </>
            )}
            {enrolling && (
              <TotpEnrolmentSteps
                credentials={STAFF}
                done={() => {
                  setEnrolling(false);
                  void totp.reload();
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('account.changePassword')}>
            <PasswordChangeForm credentials={STAFF} done={passwordChanged} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('account.sessions')}>
            <Table<OwnSession>
              rowKey="id"
              size="small"
              pagination={false}
              loading={sessions.loading}
              dataSource={sessions.data ?? []}
              columns={[
                {
                  key: 'source',
                  title: t('account.sessionSource'),
                  render: (_, s) => (
                    <>
                      {s.source ?? '—'} {s.current && <Tag color="blue">{t('account.thisSession')}</Tag>}
                    </>
                  ),
                },
                { key: 'created', title: t('account.sessionCreated'), render: (_, s) => dayjs(s.createdAt).format('YYYY-MM-DD HH:mm') },
                { key: 'seen', title: t('account.sessionSeen'), render: (_, s) => dayjs(s.lastSeenAt).format('YYYY-MM-DD HH:mm') },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
