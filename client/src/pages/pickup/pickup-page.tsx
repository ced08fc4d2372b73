import { PrinterOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  FormInstance,
  Input,
  Result,
  Segmented,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { ReactNode, useMemo, useState } from 'react';
import { CaseDetail, casesApi, PickupEntry } from '../../api/cases';
import { ApiError } from '../../api/http';
import { HallWindow } from '../../api/types';
import { useAuth } from '../../auth/auth';
import { labelOr } from '../../cases/case-format';
import { hallTime } from '../../lib/hall-time';
import { LiveIndicator } from '../../cases/live-indicator';
import { openCaseDocument } from '../../documents/documents';
import { PageHeader } from '../../components/page-header';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { useFormSubmit } from '../../lib/use-form-submit';
import { useLoad } from '../../lib/use-load';
import { useRealtime } from '../../realtime/realtime';
import './pickup.css';
import { windowsApi } from '../../api/admin';
import { queueApi } from '../../api/queue-types';

type SearchBy = 'code' | 'idNumber';

/** Offered while typing; any other carrier may be written in. */
const CARRIERS = ['EMS', '中国邮政', '顺丰速运', '京东物流'];

interface PickupDesk {
  window: HallWindow;
  clerkId: string | null;
}

/**
 * 统一出件: the clerk at a unified pickup window finds a result by pickup code or ID number,
 * checks the applicant's identity and hands it over, or mails it, or records the electronic
 * certificate, and prints the pickup slip. Results waiting in the hall are listed live.
 */
export function PickupPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hall } = useHall();
  const { user } = useAuth();
  const [searchBy, setSearchBy] = useState<SearchBy>('code');
  const [query, setQuery] = useState<{ by: SearchBy; value: string } | null>(null);
  const [selected, setSelected] = useState<PickupEntry | null>(null);
  const [done, setDone] = useState<CaseDetail | null>(null);

  const desks = useLoad(
    async (signal) => {
      const windows = (await windowsApi.list(hall.id, signal))
        .filter((w) => w.kind === 'pickup' && w.active)
        .sort((a, b) => a.number - b.number);
      return Promise.all(
        windows.map(async (w): Promise<PickupDesk> => {
          const view = await queueApi.window(w.id, signal);
          return { window: w, clerkId: view.clerkId };
        }),
      );
    },
    [hall.id],
  );
  const myDesk = desks.data?.find((d) => d.clerkId === user?.id && d.window.status === 'open');

  const waiting = useLoad((signal) => casesApi.pickups(hall.id, {}, signal), [hall.id]);
  const found = useLoad(
    (signal) => (query ? casesApi.pickups(hall.id, { [query.by]: query.value }, signal) : Promise.resolve(null)),
    [hall.id, query],
  );
  const live = useRealtime(
    [{ kind: 'case-pickup', hallId: hall.id }],
    {
      'pickup.changed': () => {
        void waiting.reload();
        if (query) void found.reload();
      },
    },
    { as: 'staff', resync: () => void waiting.reload() },
  );

  const [searchForm] = Form.useForm<{ value: string }>();
  const search = ({ value }: { value: string }) => {
    setDone(null);
    setSelected(null);
    setQuery({ by: searchBy, value: searchBy === 'code' ? value.trim().toUpperCase() : value.trim() });
  };

  const openDesk = async (windowId: string) => {
    try {
      await queueApi.setStatus(windowId, 'open', { silent: true });
      void message.success(t('pickup.deskOpened'));
      await desks.reload();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  // The result has left the windows: the search that found it is over, and the next citizen starts afresh.
  const finished = (c: CaseDetail) => {
    setDone(c);
    setSelected(null);
    setQuery(null);
    searchForm.resetFields();
    void waiting.reload();
  };

  const columns = [
    { title: t('case.number'), dataIndex: 'caseNumber', width: 190 },
    { title: t('case.item'), dataIndex: 'itemName' },
    {
      title: t('case.applicant'),
      dataIndex: 'applicantName',
      render: (name: string, r: PickupEntry) => (
        <>
          <div>{name}</div>
          <Typography.Text type="secondary" className="id-number">
            {r.applicantIdNumber}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('pickup.decision'),
      dataIndex: 'decision',
      width: 110,
      render: (d: string | null) => (d ? <Tag color={d === 'approved' ? 'green' : 'volcano'}>{labelOr('caseStatus', d)}</Tag> : '—'),
    },
    { title: t('case.delivery'), dataIndex: 'deliveryMethod', width: 110, render: (d: string) => t(`delivery.${d as 'window'}`) },
    { title: t('pickup.readyAt'), dataIndex: 'resultReadyAt', width: 160, render: (at: string | null) => hallTime(at, hall.timezone) },
    {
      title: t('common.actions'),
      width: 100,
      render: (_: unknown, r: PickupEntry) => (
        <Button
          type="primary"
          size="small"
          onClick={() => {
            setDone(null);
            setSelected(r);
          }}
        >
          {t('pickup.handle')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('pickup.title')} extra={<LiveIndicator state={live} />} />

      <Card size="small" className="pickup-desk">
        <Flex wrap gap={12} align="center">
          <Typography.Text strong>{t('pickup.desk')}</Typography.Text>
          {myDesk ? (
            <Tag color="green" className="desk-tag">
              {t('pickup.atDesk', { name: myDesk.window.name })}
            </Tag>
          ) : (
            <>
              <Typography.Text type="warning">{t('pickup.noDesk')}</Typography.Text>
              {(desks.data ?? []).map((d) => (
                <Button key={d.window.id} onClick={() => void openDesk(d.window.id)} disabled={!!d.clerkId && d.clerkId !== user?.id}>
                  {t('pickup.openDesk', { name: d.window.name })}
                  {d.clerkId && d.clerkId !== user?.id ? ` (${t('pickup.deskTaken')})` : ''}
                </Button>
              ))}
            </>
          )}
        </Flex>
      </Card>

      <Card size="small" className="pickup-search">
        <Form form={searchForm} name="pickup-search" layout="inline" onFinish={search}>
          <Form.Item label={t('pickup.searchBy')}>
            <Segmented<SearchBy>
              aria-label={t('pickup.searchBy')}
              value={searchBy}
              onChange={(v) => {
                setSearchBy(v);
                searchForm.resetFields();
              }}
              options={[
                { value: 'code', label: t('pickup.byCode') },
                { value: 'idNumber', label: t('pickup.byIdNumber') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="value"
            label={searchBy === 'code' ? t('pickup.code') : t('pickup.idNumber')}
            rules={[
              { required: true, whitespace: true },
              ...(searchBy === 'code' ? [{ pattern: /^\s*[0-9A-Za-z]{8}\s*$/, message: t('pickup.codeFormat') }] : []),
            ]}
          >
            <Input autoFocus autoComplete="off" maxLength={30} style={{ width: 240 }} className="code-input" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('pickup.search')}
            </Button>
          </Form.Item>
        </Form>
        {query && found.data && (
          <div className="pickup-found">
            {found.data.length === 0 ? (
              <Empty description={t('pickup.nothingFound')} />
            ) : (
              <Table<PickupEntry> rowKey="caseId" size="small" pagination={false} dataSource={found.data} columns={columns} />
            )}
          </div>
        )}
      </Card>

      {done && (
        <Result
          status="success"
          title={t('pickup.finished', { number: done.caseNumber, status: labelOr('caseStatus', done.status) })}
          subTitle={done.itemName}
          extra={[
            <Button
              key="print"
              icon={<PrinterOutlined />}
              onClick={() =>
                void openCaseDocument(done.id, 'pickup-slip', { print: true }).catch((err) => message.error(String(err.message ?? err)))
              }
            >
              {t('pickup.printSlip')}
            </Button>,
            <Button key="close" onClick={() => setDone(null)}>
              {t('common.close')}
            </Button>,
          ]}
        />
      )}
      {selected && (
        <HandOver entry={selected} timeZone={hall.timezone} atDesk={!!myDesk} finished={finished} cancel={() => setSelected(null)} />
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        <Space>
          {t('pickup.waiting')}
          <Button
            size="small"
            type="text"
            icon={<ReloadOutlined />}
            aria-label={t('backoffice.refresh')}
            onClick={() => void waiting.reload()}
          />
        </Space>
      </Typography.Title>
      <Table<PickupEntry>
        rowKey="caseId"
        size="middle"
        loading={waiting.loading && !waiting.data}
        dataSource={waiting.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={columns}
        locale={{ emptyText: t('pickup.noneWaiting') }}
      />
    </>
  );
}

/** One result at the window: identity check and hand-over, or express, or electronic delivery, and the slip. */
function HandOver({
  entry,
  timeZone,
  atDesk,
  finished,
  cancel,
}: {
  entry: PickupEntry;
  timeZone: string;
  atDesk: boolean;
  finished(c: CaseDetail): void;
  cancel(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [refusal, setRefusal] = useState<string | null>(null);
  const [idForm] = Form.useForm<{ idNumber: string }>();
  const [mailForm] = Form.useForm<{ carrier: string; trackingNumber: string }>();
  const [eForm] = Form.useForm<{ certificateNumber: string }>();

  // The identity check's refusal (403) stays on screen as the server words it: the clerk reads it out.
  const handOver = useFormSubmit(idForm, async (v: { idNumber: string }) => {
    setRefusal(null);
    try {
      finished(await casesApi.move(entry.caseId, 'hand-over', { idNumber: v.idNumber.trim().toUpperCase() }));
      void message.success(t('pickup.handedOver'));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'IDENTITY_MISMATCH') {
        setRefusal(err.message);
        return;
      }
      throw err;
    }
  });
  const mail = useFormSubmit(mailForm, async (v) => finished(await casesApi.move(entry.caseId, 'mail', v)), {
    success: t('pickup.mailed'),
  });
  const electronic = useFormSubmit(eForm, async (v) => finished(await casesApi.move(entry.caseId, 'electronic-delivery', v)), {
    success: t('pickup.delivered'),
  });

  const initialTab = useMemo(
    () => (entry.deliveryMethod === 'express' ? 'express' : entry.deliveryMethod === 'electronic' ? 'electronic' : 'window'),
    [entry.deliveryMethod],
  );

  return (
    <Card
      className="pickup-handover"
      title={
        <Space wrap>
          {t('pickup.handlingTitle', { number: entry.caseNumber })}
          <Tag>{entry.itemName}</Tag>
        </Space>
      }
      extra={
        <Space>
          <Button
            icon={<PrinterOutlined />}
            onClick={() =>
              void openCaseDocument(entry.caseId, 'pickup-slip', { print: true }).catch((err) => message.error(String(err.message ?? err)))
            }
          >
            {t('pickup.printSlip')}
          </Button>
          <Button onClick={cancel}>{t('common.close')}</Button>
        </Space>
      }
    >
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('case.applicant')}>{entry.applicantName}</Descriptions.Item>
        <Descriptions.Item label={t('case.idNumber')}>{entry.applicantIdNumber}</Descriptions.Item>
        <Descriptions.Item label={t('pickup.readyAt')}>{hallTime(entry.resultReadyAt, timeZone)}</Descriptions.Item>
      </Descriptions>
      <Tabs
        defaultActiveKey={initialTab}
        items={[
          {
            key: 'window',
            label: t('pickup.tab.window'),
            children: (
              <>
                {!atDesk && <Alert type="warning" showIcon message={t('pickup.needDesk')} style={{ marginBottom: 12 }} />}
                {refusal && <Alert type="error" showIcon message={refusal} role="alert" style={{ marginBottom: 12 }} />}
                <DeliveryForm form={idForm} name="hand-over" submit={handOver} label={t('pickup.handOver')}>
                  <Form.Item
                    name="idNumber"
                    label={t('pickup.checkIdNumber')}
                    rules={[{ required: true, whitespace: true }]}
                    extra={t('pickup.checkIdHelp')}
                  >
                    <Input autoComplete="off" maxLength={30} style={{ width: 260 }} className="code-input" />
                  </Form.Item>
                </DeliveryForm>
              </>
            ),
          },
          {
            key: 'express',
            label: t('pickup.tab.express'),
            children: (
              <DeliveryForm form={mailForm} name="mail" submit={mail} label={t('pickup.mail')}>
                <Form.Item name="carrier" label={t('pickup.carrier')} rules={[{ required: true, whitespace: true }]}>
                  <AutoComplete style={{ width: 180 }} maxLength={50} options={CARRIERS.map((c) => ({ value: c }))} filterOption />
                </Form.Item>
                <Form.Item name="trackingNumber" label={t('pickup.trackingNumber')} rules={[{ required: true, whitespace: true }]}>
                  <Input maxLength={50} style={{ width: 220 }} className="code-input" />
                </Form.Item>
              </DeliveryForm>
            ),
          },
          {
            key: 'electronic',
            label: t('pickup.tab.electronic'),
            children: (
              <DeliveryForm form={eForm} name="electronic" submit={electronic} label={t('pickup.deliverElectronically')}>
                <Form.Item name="certificateNumber" label={t('pickup.certificateNumber')} rules={[{ required: true, whitespace: true }]}>
                  <Input maxLength={100} style={{ width: 260 }} className="code-input" />
                </Form.Item>
              </DeliveryForm>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** One way of delivering the result: its fields in a line, then the button that submits them. */
function DeliveryForm<T extends object>(props: {
  form: FormInstance<T>;
  name: string;
  submit: { busy: boolean; onFinish(values: T): Promise<void> };
  label: string;
  children: ReactNode;
}) {
  const { form, name, submit, label, children } = props;
  return (
    <Form form={form} name={name} layout="inline" onFinish={submit.onFinish} disabled={submit.busy}>
      {children}
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={submit.busy}>
          {label}
        </Button>
      </Form.Item>
    </Form>
  );
}
