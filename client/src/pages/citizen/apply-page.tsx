import { CameraOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Form, Input, List, Radio, Result, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/http';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { residentIdProblem } from '../../lib/identity';
import './case-page.css';
import { onlineApi, OnlineApplicationResult, OnlineItem, OnlineStagedFile } from '../../api/online';
import type { DeliveryOption } from '../../api/types';
import { CitizenHeader } from './citizen-header';

/**
 * 网上申办 on a phone, without login (the hall's link carries ?hall=<id>): find the item, read its
 * 一次性告知, attach each material from the camera or files, enter the applicant (ID check
 * character verified as typed), accept the commitment where chosen, submit.
 */
export function ApplyPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const hallId = params.get('hall') ?? '';
  const [items, setItems] = useState<OnlineItem[] | null>(null);
  const [item, setItem] = useState<OnlineItem | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [files, setFiles] = useState<Record<string, OnlineStagedFile[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<OnlineApplicationResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const commitment = Form.useWatch('commitment', form) as boolean | undefined;

  const search = async (q: string) => {
    setError(null);
    try {
      setItems(await onlineApi.items(hallId, q));
    } catch (e) {
      setError((e as ApiError).message);
    }
  };

  const attach = async (material: string, list: FileList | null) => {
    setError(null);
    let token = draft;
    for (const file of Array.from(list ?? [])) {
      try {
        const staged = await onlineApi.stage(hallId, file, token ?? undefined);
        token = staged.draftToken;
        setDraft(token);
        setFiles((f) => ({ ...f, [material]: [...(f[material] ?? []), staged] }));
      } catch (e) {
        setError(`${file.name}：${(e as ApiError).message}`);
      }
    }
  };

  const submit = async (v: {
    name: string;
    idNumber: string;
    contactPhone?: string;
    commitment?: boolean;
    commitmentAccepted?: boolean;
    delivery?: DeliveryOption;
  }) => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      setMade(
        await onlineApi.apply(hallId, {
          itemId: item.id,
          draftToken: draft ?? '00000000-0000-4000-8000-000000000000',
          applicant: {
            kind: 'person',
            name: v.name,
            idNumber: v.idNumber.trim().toUpperCase(),
            contactPhone: v.contactPhone?.trim() || undefined,
          },
          materials: Object.entries(files)
            .filter(([, f]) => f.length > 0)
            .map(([name, f]) => ({ name, fileIds: f.map((x) => x.id) })),
          commitment: v.commitment || undefined,
          commitmentAccepted: v.commitmentAccepted || undefined,
          delivery: v.delivery,
        }),
      );
    } catch (e) {
      // The server's message names the materials that are missing.
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="citizen-page case-page">
      <CitizenHeader title={t('apply.title')} />
      {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
      {made ? (
        <Result
          status="success"
          title={t('apply.done')}
          subTitle={`${t('citizenCase.caseNumber')} ${made.caseNumber} · ${t('citizenCase.queryCode')} ${made.queryCode}`}
          extra={<Link to={made.caseUrl}>{t('apply.follow')}</Link>}
        />
      ) : !item ? (
        <Card>
          <Input.Search
            size="large"
            placeholder={t('apply.search')}
            enterButton={<SearchOutlined />}
            onSearch={search}
            aria-label={t('apply.search')}
          />
          {items && (
            <List
              dataSource={items}
              locale={{ emptyText: t('apply.none') }}
              renderItem={(i) => (
                <List.Item
                  onClick={() => setItem(i)}
                  style={{ cursor: 'pointer' }}
                  actions={[
                    <Button key="pick" onClick={() => setItem(i)}>
                      {t('apply.pick')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta title={i.name} description={i.implementationCode} />
                  {i.fullyOnline && <Tag color="green">{t('apply.fullyOnline')}</Tag>}
                </List.Item>
              )}
            />
          )}
        </Card>
      ) : (
        <Card
          title={item.name}
          extra={
            <Button type="link" onClick={() => setItem(null)}>
              {t('apply.back')}
            </Button>
          }
        >
          <Typography.Paragraph type="secondary">
            {t('apply.notice', { days: String(item.promisedLimit.value) })}
            {item.fees.length === 0 ? ` ${t('apply.free')}` : ` ${item.fees.map((f) => `${f.name} ${f.amount}`).join('；')}`}
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
            {item.materials.map((m) => (
              <Form.Item
                key={m.name}
                label={
                  <span>
                    {m.name} {m.necessity === 'required' && <Tag color="red">{t('apply.required')}</Tag>}
                  </span>
                }
              >
                <label className="ant-btn ant-btn-default">
                  <CameraOutlined /> {t('apply.attach')}
                  <input
                    type="file"
                    accept="image/*,application/pdf"
                    capture="environment"
                    multiple
                    style={{ display: 'none' }}
                    data-material={m.name}
                    onChange={(e) => {
                      void attach(m.name, e.target.files);
                      e.target.value = '';
                    }}
                  />
                </label>
                {(files[m.name] ?? []).map((f) => (
                  <Tag key={f.id} style={{ marginLeft: 8 }}>
                    {f.fileName} · {f.pages}p
                  </Tag>
                ))}
              </Form.Item>
            ))}
            <Form.Item name="name" label={t('apply.name')} rules={[{ required: true, whitespace: true }]}>
              <Input size="large" maxLength={100} />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={t('apply.idNumber')}
              validateTrigger="onChange"
              rules={[
                { required: true },
                {
                  validator: async (_, v: string | undefined) => {
                    const problem = v ? residentIdProblem(v) : null;
                    if (problem) throw new Error(t(`apply.id.${problem}`));
                  },
                },
              ]}
            >
              <Input size="large" maxLength={18} autoComplete="off" />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('apply.phone')}>
              <Input size="large" inputMode="tel" maxLength={20} />
            </Form.Item>
            {item.deliveryOptions.length > 1 && (
              <Form.Item name="delivery" label={t('apply.delivery')} initialValue={item.deliveryOptions[0]}>
                <Radio.Group options={item.deliveryOptions.map((d) => ({ value: d, label: t(`delivery.${d}` as MessageKey) }))} />
              </Form.Item>
            )}
            {item.commitmentAllowed && (
              <>
                <Form.Item name="commitment" valuePropName="checked">
                  <Checkbox>{t('apply.commitment')}</Checkbox>
                </Form.Item>
                {commitment && (
                  <Form.Item name="commitmentAccepted" valuePropName="checked">
                    <Checkbox>{t('apply.commitmentAccepted')}</Checkbox>
                  </Form.Item>
                )}
              </>
            )}
            <Button type="primary" size="large" htmlType="submit" block loading={busy}>
              {t('apply.submit')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
