import { App, Button, Card, Col, Form, FormItemProps, Input, Radio, Row, Select, Space } from 'antd';
import type { Rule } from 'antd/es/form';
import { ReactNode, useMemo, useState } from 'react';
import { ApiError } from '../../api/http';
import { Applicant, Application, ApplicationResult, Ticket } from '../../api/queue-types';
import { ServiceItem, WindowCategory } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { showOnFields } from '../../lib/form-errors';
import { creditCodeProblem, residentIdProblem } from '../../lib/identity';
import { checklistOf, ItemChecklist, ItemEntry, REFUSAL_CODES } from './item-checklist';
import { casesApi } from '../../api/cases';

interface AcceptanceValues {
  itemIds: string[];
  bundleName?: string;
  applicant: Applicant;
  /** In the order of itemIds, so the server's `items.0.reason` lands on the first item's field. */
  items: ItemEntry[];
}

/** Refusals that name the item they concern (details.itemId); they go on that item's decision. */
const ITEM_DECISION_CODES: readonly string[] = [...REFUSAL_CODES, 'MATERIAL_UNKNOWN', 'OBLIGATION_DUE_INVALID'];

/** Where the server's business refusal belongs on this form. */
function fieldOf(error: ApiError, values: AcceptanceValues): Record<string, string> {
  if (error.code === 'APPLICANT_ID_INVALID') return { [error.code]: 'applicant.idNumber' };
  const details = (error.details ?? {}) as { itemId?: string; delivery?: string };
  if (ITEM_DECISION_CODES.includes(error.code) && details.itemId) {
    const index = values.itemIds.indexOf(details.itemId);
    if (index >= 0) return { [error.code]: `items.${index}.decision` };
  }
  if (error.code === 'DELIVERY_NOT_OFFERED') {
    const index = values.items.findIndex((i) => i.delivery === details.delivery);
    if (index >= 0) return { [error.code]: `items.${index}.delivery` };
  }
  return {};
}

const searchText = (item: ServiceItem) => `${item.name} ${item.basicCode} ${item.implementationCode}`.toLowerCase();

interface AcceptanceFormProps {
  hallId: string;
  ticket: Ticket;
  items: ServiceItem[];
  categories: WindowCategory[];
  accepted(result: ApplicationResult): void;
}

/**
 * The application of the citizen being served: one or more items (two or more make a bundle,
 * 一件事), the applicant, each item's checklist and decision. Every field is labelled and reached
 * with Tab; the server's refusals land on the field they concern.
 */
export function AcceptanceForm({ hallId, ticket, items, categories, accepted }: AcceptanceFormProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AcceptanceValues>();
  const [busy, setBusy] = useState(false);
  const itemIds = Form.useWatch('itemIds', form) ?? [];
  const kind = Form.useWatch(['applicant', 'kind'], form) ?? 'person';
  const idNumber = (Form.useWatch(['applicant', 'idNumber'], form) as string | undefined) ?? '';
  const idProblem = kind === 'person' ? residentIdProblem : creditCodeProblem;
  const validApplicant = idNumber && !idProblem(idNumber) ? { kind, idNumber: idNumber.trim().toUpperCase() } : null;

  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const options = useMemo(() => {
    const option = (i: ServiceItem) => ({ value: i.id, label: i.name, search: searchText(i), code: i.implementationCode });
    const active = items.filter((i) => i.active);
    const category = categories.find((c) => c.id === ticket.categoryId);
    const here = active.filter((i) => i.categoryId === ticket.categoryId);
    const others = active.filter((i) => i.categoryId !== ticket.categoryId);
    return [
      ...(here.length ? [{ label: t('acceptance.itemsOfCategory', { category: category?.name ?? '' }), options: here.map(option) }] : []),
      { label: t('acceptance.otherItems'), options: others.map(option) },
    ];
  }, [items, categories, ticket.categoryId, t]);

  /** Keeps each item's checklist with its item when items are added or removed. */
  const alignItems = (ids: string[]) => {
    const before = (form.getFieldValue('items') as ItemEntry[] | undefined) ?? [];
    form.setFieldValue(
      'items',
      ids.map(
        (id) =>
          before.find((e) => e.itemId === id) ?? {
            itemId: id,
            provided: {},
            files: {},
            delivery: byId.get(id)?.deliveryOptions[0],
          },
      ),
    );
  };

  const idRules: Rule[] = [
    { required: true, message: t(kind === 'person' ? 'acceptance.idRequired' : 'acceptance.creditRequired') },
    {
      // Said as soon as 18 characters are typed; a shorter number only once the clerk leaves the field.
      validator: async (_, value: string | undefined) => {
        const problem = value ? idProblem(value) : null;
        if (problem && !(problem === 'length' && value!.trim().length < 18)) throw new Error(t(`acceptance.idProblem.${problem}`));
      },
      validateTrigger: 'onChange',
    },
    {
      validator: async (_, value: string | undefined) => {
        if (value && idProblem(value) === 'length') throw new Error(t('acceptance.idProblem.length'));
      },
      validateTrigger: 'onBlur',
    },
  ];

  const submit = async (values: AcceptanceValues) => {
    const application: Application = {
      ticketId: ticket.id,
      applicant: {
        ...values.applicant,
        idNumber: values.applicant.idNumber.trim().toUpperCase(),
        contactName: values.applicant.kind === 'organisation' ? values.applicant.contactName?.trim() || undefined : undefined,
        contactPhone: values.applicant.contactPhone?.trim() || undefined,
      },
      bundleName: values.itemIds.length > 1 ? values.bundleName?.trim() || undefined : undefined,
      items: values.items.map((entry) => ({
        itemId: entry.itemId,
        materials: checklistOf(byId.get(entry.itemId)!, entry.provided, entry.files, entry.certificates),
        decision: entry.decision!,
        reason: entry.decision === 'refuse' ? entry.reason : undefined,
        delivery: entry.decision === 'refuse' || entry.decision === 'request_correction' ? undefined : entry.delivery,
      })),
    };
    setBusy(true);
    try {
      accepted(await casesApi.apply(hallId, application));
    } catch (err) {
      const onFields = err instanceof ApiError && showOnFields(form, err, fieldOf(err, values));
      if (!onFields) void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('acceptance.title', { number: ticket.number })} className="acceptance">
      <Form<AcceptanceValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        disabled={busy}
        scrollToFirstError
        initialValues={{ itemIds: [], items: [], applicant: { kind: 'person' } }}
        onValuesChange={(changed: Partial<AcceptanceValues>) => {
          if (changed.itemIds) alignItems(changed.itemIds);
          // A number checked against one kind means nothing for the other.
          if (changed.applicant?.kind) void form.validateFields([['applicant', 'idNumber']]).catch(() => undefined);
        }}
      >
        <Form.Item
          name="itemIds"
          label={t('acceptance.items')}
          rules={[{ required: true, message: t('acceptance.itemsRequired') }]}
          extra={t('acceptance.itemsHelp')}
        >
          <Select
            mode="multiple"
            showSearch
            allowClear
            placeholder={t('acceptance.itemsPlaceholder')}
            filterOption={(input, option) =>
              !!option && 'search' in option && (option.search as string).includes(input.trim().toLowerCase())
            }
            options={options}
            optionRender={(o) => (
              <Space>
                <span>{o.data.label}</span>
                <span className="item-code">{(o.data as { code?: string }).code}</span>
              </Space>
            )}
          />
        </Form.Item>
        {itemIds.length > 1 && (
          <Form.Item name="bundleName" label={t('acceptance.bundleName')} extra={t('acceptance.bundleHelp')}>
            <Input maxLength={100} placeholder={itemIds.map((id) => byId.get(id)?.name).join('、')} />
          </Form.Item>
        )}

        <fieldset className="acceptance-applicant">
          <legend>{t('acceptance.applicant')}</legend>
          <Form.Item name={['applicant', 'kind']} label={t('acceptance.applicantKind')}>
            <Radio.Group
              options={[
                { value: 'person', label: t('acceptance.person') },
                { value: 'organisation', label: t('acceptance.organisation') },
              ]}
            />
          </Form.Item>
          <Row gutter={16}>
            <ApplicantField
              name="name"
              label={t(kind === 'person' ? 'acceptance.personName' : 'acceptance.organisationName')}
              rules={[{ required: true, whitespace: true, message: t('acceptance.nameRequired') }]}
            >
              <Input maxLength={100} autoComplete="off" />
            </ApplicantField>
            <ApplicantField
              name="idNumber"
              label={t(kind === 'person' ? 'acceptance.idNumber' : 'acceptance.creditCode')}
              rules={idRules}
              validateTrigger={['onChange', 'onBlur']}
              hasFeedback={!!validApplicant}
            >
              <Input maxLength={18} autoComplete="off" className="acceptance-id" />
            </ApplicantField>
            {kind === 'organisation' && (
              <ApplicantField name="contactName" label={t('acceptance.contactName')}>
                <Input maxLength={100} autoComplete="off" />
              </ApplicantField>
            )}
            <ApplicantField
              name="contactPhone"
              label={t('acceptance.phone')}
              extra={t('acceptance.phoneHelp')}
              rules={[{ pattern: /^\+?[0-9][0-9-]{5,19}$/, message: t('acceptance.phoneInvalid') }]}
            >
              <Input maxLength={21} autoComplete="off" inputMode="tel" />
            </ApplicantField>
          </Row>
        </fieldset>

        {itemIds.map((id, index) => {
          const item = byId.get(id);
          return item && <ItemChecklist key={id} hallId={hallId} index={index} item={item} form={form} applicant={validApplicant} />;
        })}

        <Button type="primary" htmlType="submit" size="large" loading={busy} className="acceptance-submit">
          {t('acceptance.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** One of the applicant's fields (`applicant.<name>`), half a row wide on a wide screen. */
function ApplicantField({ name, children, ...item }: Omit<FormItemProps, 'name'> & { name: string; children: ReactNode }) {
  return (
    <Col xs={24} md={12}>
      <Form.Item name={['applicant', name]} {...item}>
        {children}
      </Form.Item>
    </Col>
  );
}
