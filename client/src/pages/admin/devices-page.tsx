import { KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Radio, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { devicesApi } from '../../api/admin';
import { DeviceRole, DeviceToken, IssuedDeviceToken } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { AdminTable, ConfirmLink, useRowAction } from './admin-table';
import { useDevices } from './hall-data';

const KINDS: DeviceRole[] = ['display', 'kiosk'];
const formatTime = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** The secret of a freshly issued token, its set-up link and a QR code of the link: shown this once. */
function IssuedToken({ issued, close }: { issued: IssuedDeviceToken | null; close(): void }) {
  const { t } = useI18n();
  const [qr, setQr] = useState<{ link: string; image: string }>();
  const link = issued ? `${window.location.origin}/${issued.kind}?token=${encodeURIComponent(issued.token)}` : '';
  useEffect(() => {
    if (link) void QRCode.toDataURL(link, { margin: 1, width: 200 }).then((image) => setQr({ link, image }));
  }, [link]);

  return (
    <Modal
      open={!!issued}
      title={t('devices.secretTitle')}
      onCancel={close}
      maskClosable={false}
      width={560}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={close}>
          {t('common.close')}
        </Button>
      }
    >
      {issued && (
        <>
          <Alert type="warning" showIcon message={t('devices.secretOnce')} style={{ marginBottom: 16 }} />
          <Typography.Text type="secondary">
            {t('devices.secret')} · {issued.name}
          </Typography.Text>
          <Typography.Paragraph copyable={{ text: issued.token }} className="device-secret">
            <code data-testid="device-secret">{issued.token}</code>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('devices.openLink')}</Typography.Text>
          <Typography.Paragraph copyable={{ text: link }} ellipsis={{ rows: 2 }}>
            <a href={link} target="_blank" rel="noreferrer">
              {link}
            </a>
          </Typography.Paragraph>
          {qr?.link === link && <img src={qr.image} alt={t('devices.qrAlt')} width={200} height={200} />}
        </>
      )}
    </Modal>
  );
}

export function DevicesPage() {
  const { t } = useI18n();
  const { hall } = useHall();
  const devices = useDevices(hall.id);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedDeviceToken | null>(null);
  const act = useRowAction(devices);

  return (
    <AdminTable<DeviceToken>
      words="devices"
      newIcon={<KeyOutlined />}
      editing={{ edit: () => setIssuing(true) }}
      rows={devices}
      rowClassName={(d) => (d.revokedAt ? 'row-retired' : '')}
      columns={[
        { title: t('devices.name'), dataIndex: 'name' },
        { title: t('devices.kind'), dataIndex: 'kind', width: 130, render: (k: DeviceRole) => t(`deviceKind.${k}`) },
        { title: t('devices.hint'), dataIndex: 'tokenHint', width: 110, render: (h: string) => <code>…{h}</code> },
        { title: t('devices.createdAt'), dataIndex: 'createdAt', width: 160, render: formatTime },
        {
          title: t('devices.lastUsedAt'),
          dataIndex: 'lastUsedAt',
          width: 160,
          render: (v: string | null) => (v ? formatTime(v) : t('devices.never')),
        },
        {
          title: t('common.status'),
          dataIndex: 'revokedAt',
          width: 170,
          render: (v: string | null) =>
            v ? (
              <Tag>
                {t('devices.revoked')} {formatTime(v)}
              </Tag>
            ) : (
              <Tag color="green">{t('devices.valid')}</Tag>
            ),
        },
      ]}
      actions={{
        width: 100,
        render: (d) =>
          !d.revokedAt && (
            <ConfirmLink
              title={t('devices.revokeConfirm', { name: d.name })}
              label={t('devices.revoke')}
              onConfirm={() => act(() => devicesApi.revoke(d.id), t('devices.revokedDone'))}
            />
          ),
      }}
    >
      <FormModal<{ kind: DeviceRole; name: string }>
        open={issuing}
        title={t('devices.issue')}
        initialValues={{ kind: 'display' }}
        submit={async (v) => setIssued(await devicesApi.issue(hall.id, v))}
        success={t('common.created')}
        close={() => setIssuing(false)}
        saved={() => void devices.reload()}
      >
        <Form.Item name="kind" label={t('devices.kind')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" options={KINDS.map((k) => ({ value: k, label: t(`deviceKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('devices.name')} rules={[{ required: true, whitespace: true }]}>
          <Input placeholder={t('devices.namePlaceholder')} maxLength={100} />
        </Form.Item>
      </FormModal>
      <IssuedToken issued={issued} close={() => setIssued(null)} />
    </AdminTable>
  );
}
