import {
  Button,
  Checkbox,
  Col,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  InputNumberProps,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { itemsApi } from '../../../api/admin';
import {
  ApprovalStep,
  CASE_TYPES,
  DELIVERY_OPTIONS,
  Department,
  Fee,
  ITEM_TYPES,
  LIMIT_UNITS,
  Material,
  NECESSITIES,
  ServiceItem,
  TimeLimit,
  WindowCategory,
} from '../../../api/types';
import { FormRows } from '../../../components/form-rows';
import { useI18n } from '../../../i18n/i18n';
import { MessageKey } from '../../../i18n/messages';
import { useFormSubmit } from '../../../lib/use-form-submit';
import { categoryLabel } from '../hall-data';
import { FLAGS } from './item-labels';

type ItemBody = Omit<ServiceItem, 'id' | 'hallId' | 'active' | 'materials' | 'steps' | 'fees'> & {
  materials: Partial<Material>[];
  steps: Partial<ApprovalStep>[];
  fees: Fee[];
  active?: boolean;
};

/** The body of POST/PATCH plus the one switch that is not a server field. */
interface ItemForm extends Omit<ItemBody, 'legalLimit'> {
  hasLegalLimit: boolean;
  legalLimit?: TimeLimit;
}

const NEW_ITEM: Partial<ItemForm> = {
  version: 1,
  itemType: '行政许可',
  caseType: 'promised',
  hasLegalLimit: true,
  legalLimit: { value: 20, unit: 'working_days' },
  promisedLimit: { value: 10, unit: 'working_days' },
  visitsRequired: 1,
  deliveryOptions: ['window'],
  materials: [{ necessity: 'required', originals: 1, copies: 0 }],
  steps: [
    { name: '承办', timeSharePercent: 40 },
    { name: '审核', timeSharePercent: 30 },
    { name: '批准', timeSharePercent: 30 },
  ],
  distinctApprovers: true,
  fees: [],
};

function toForm(item: ServiceItem): ItemForm {
  const { id: _id, hallId: _hallId, legalLimit, ...rest } = item;
  return { ...rest, hasLegalLimit: legalLimit !== null, legalLimit: legalLimit ?? undefined };
}

// Optional texts the admin emptied are sent as null: PATCH leaves out-of-body fields unchanged.
const orNull = (v: string | null | undefined) => (v?.trim() ? v : null);

function toBody({ hasLegalLimit, legalLimit, ...v }: ItemForm): ItemBody {
  return {
    ...v,
    legalLimit: hasLegalLimit && legalLimit ? legalLimit : null,
    legalBasis: orNull(v.legalBasis),
    acceptanceConditions: orNull(v.acceptanceConditions),
    resultName: orNull(v.resultName),
    slotMinutes: v.bookable ? (v.slotMinutes ?? null) : null,
    dailyQuota: v.bookable ? (v.dailyQuota ?? null) : null,
    materials: (v.materials ?? []).map((m) => ({
      name: m.name,
      necessity: m.necessity,
      originals: m.originals ?? 0,
      copies: m.copies ?? 0,
      source: orNull(m.source),
      notes: orNull(m.notes),
      // Not editable here yet; carried through so an edit does not drop them.
      formUrl: orNull(m.formUrl),
      sampleUrl: orNull(m.sampleUrl),
    })),
    steps: (v.steps ?? []).map((s) => ({ name: s.name, timeSharePercent: s.timeSharePercent, departmentId: s.departmentId ?? undefined })),
    fees: v.fees ?? [],
  };
}

/** How many originals or copies of a material (the form item passes value and onChange through). */
function CountInput(props: InputNumberProps<number>) {
  return <InputNumber min={0} max={99} precision={0} style={{ width: '100%' }} {...props} />;
}

interface Props {
  open: boolean;
  hallId: string;
  /** null: a new item. */
  item: ServiceItem | null;
  departments: Department[];
  categories: WindowCategory[];
  close(): void;
  saved(): void;
}

export function ItemFormDrawer({ open, hallId, item, departments, categories, close, saved }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<ItemForm>();
  const steps = Form.useWatch('steps', form) ?? [];
  const shareTotal = steps.reduce((sum, s) => sum + (Number(s?.timeSharePercent) || 0), 0);

  const { busy, onFinish } = useFormSubmit(form, (v) => (item ? itemsApi.update(item.id, toBody(v)) : itemsApi.create(hallId, toBody(v))), {
    codeFields: { DUPLICATE_CODE: 'implementationCode', PROMISED_EXCEEDS_LEGAL: 'promisedLimit.value' },
    success: item ? t('common.saved') : t('common.created'),
    done: () => {
      saved();
      close();
    },
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(item ? toForm(item) : NEW_ITEM);
  }, [open, item, form]);

  const limitFields = (name: 'legalLimit' | 'promisedLimit', label: MessageKey, disabled = false) => (
    <Space.Compact>
      <Form.Item name={[name, 'value']} noStyle rules={disabled ? [] : [{ required: true }]}>
        <InputNumber
          min={0}
          max={3650}
          precision={0}
          disabled={disabled}
          style={{ width: 110 }}
          aria-label={t('catalogue.limitValue', { label: t(label) })}
        />
      </Form.Item>
      <Form.Item name={[name, 'unit']} noStyle rules={disabled ? [] : [{ required: true }]}>
        <Select
          disabled={disabled}
          style={{ width: 130 }}
          aria-label={t('catalogue.limitUnit', { label: t(label) })}
          options={LIMIT_UNITS.map((u) => ({ value: u, label: t(`limitUnit.${u}`) }))}
        />
      </Form.Item>
    </Space.Compact>
  );

  return (
    <Drawer
      open={open}
      onClose={close}
      width={960}
      forceRender
      maskClosable={false}
      title={item ? t('catalogue.editTitle', { name: item.name }) : t('catalogue.new')}
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<ItemForm> form={form} layout="vertical" onFinish={onFinish} disabled={busy} scrollToFirstError className="item-form">
        <Divider orientation="left" orientationMargin={0}>
          {t('catalogue.sectionBasic')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('catalogue.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="itemType" label={t('catalogue.itemType')} rules={[{ required: true }]}>
              <Select options={ITEM_TYPES.map((v) => ({ value: v, label: t(`itemType.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="caseType" label={t('catalogue.caseType')} rules={[{ required: true }]}>
              <Select options={CASE_TYPES.map((v) => ({ value: v, label: t(`caseType.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="implementationCode" label={t('catalogue.implementationCode')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="basicCode" label={t('catalogue.basicCode')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="version" label={t('catalogue.version')}>
              <InputNumber min={1} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="departmentId" label={t('catalogue.department')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={departments.map((d) => ({ value: d.id, label: d.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="categoryId" label={t('catalogue.category')} rules={[{ required: true }]}>
              <Select showSearch optionFilterProp="label" options={categories.map((c) => ({ value: c.id, label: categoryLabel(c) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" orientationMargin={0}>
          {t('catalogue.sectionLimits')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            {/* The value and unit are noStyle items: their errors, ours or the server's, show under this label. */}
            <Form.Item label={t('catalogue.promisedLimitFull')} required>
              {limitFields('promisedLimit', 'catalogue.promisedLimitFull')}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('catalogue.legalLimitFull')}>
              <Form.Item noStyle dependencies={['hasLegalLimit']}>
                {({ getFieldValue }) => (
                  <Space wrap>
                    {limitFields('legalLimit', 'catalogue.legalLimitFull', !getFieldValue('hasLegalLimit'))}
                    <Form.Item name="hasLegalLimit" valuePropName="checked" noStyle>
                      <Checkbox>{t('catalogue.hasLegalLimit')}</Checkbox>
                    </Form.Item>
                  </Space>
                )}
              </Form.Item>
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" orientationMargin={0}>
          {t('catalogue.sectionService')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item label={t('catalogue.flags')}>
              <Space wrap>
                {FLAGS.map((f) => (
                  <Form.Item key={f} name={f} valuePropName="checked" noStyle>
                    <Checkbox>{t(`catalogue.${f}`)}</Checkbox>
                  </Form.Item>
                ))}
              </Space>
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="visitsRequired" label={t('catalogue.visitsRequired')}>
              <InputNumber min={0} max={10} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="commitmentAllowed"
              label={t('catalogue.commitmentAllowed')}
              valuePropName="checked"
              tooltip={t('catalogue.commitmentAllowedLong')}
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="deliveryOptions" label={t('catalogue.deliveryOptions')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Checkbox.Group options={DELIVERY_OPTIONS.map((d) => ({ value: d, label: t(`delivery.${d}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="resultName" label={t('catalogue.resultName')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>

        <Divider orientation="left" orientationMargin={0}>
          {t('catalogue.materials')}
        </Divider>
        <FormRows
          name="materials"
          header
          newRow={{ necessity: 'required', originals: 1, copies: 0 }}
          addLabel={t('catalogue.addMaterial')}
          columns={[
            {
              field: 'name',
              label: t('catalogue.materialName'),
              flex: 1,
              rules: [{ required: true, whitespace: true }],
              input: (label) => <Input aria-label={label} maxLength={200} />,
            },
            {
              field: 'necessity',
              label: t('catalogue.necessity'),
              width: 130,
              rules: [{ required: true }],
              input: (label) => <Select aria-label={label} options={NECESSITIES.map((n) => ({ value: n, label: t(`necessity.${n}`) }))} />,
            },
            { field: 'originals', label: t('catalogue.originals'), width: 80, input: (label) => <CountInput aria-label={label} /> },
            { field: 'copies', label: t('catalogue.copies'), width: 80, input: (label) => <CountInput aria-label={label} /> },
            { field: 'source', label: t('catalogue.source'), width: 150, input: (label) => <Input aria-label={label} maxLength={200} /> },
          ]}
        />

        <Divider orientation="left" orientationMargin={0}>
          {t('catalogue.steps')}
        </Divider>
        <Form.Item
          name="distinctApprovers"
          label={t('catalogue.distinctApprovers')}
          valuePropName="checked"
          tooltip={t('catalogue.distinctApproversLong')}
        >
          <Switch />
        </Form.Item>
        <FormRows
          name="steps"
          header
          rules={[
            {
              validator: async (_, value: Partial<ApprovalStep>[] | undefined) => {
                const total = (value ?? []).reduce((sum, s) => sum + (Number(s?.timeSharePercent) || 0), 0);
                if ((value ?? []).length > 0 && total !== 100) throw new Error(t('catalogue.shareMustBe100'));
              },
            },
          ]}
          newRow={{ timeSharePercent: 0 }}
          addLabel={t('catalogue.addStep')}
          beside={(count) =>
            count > 0 && (
              <Typography.Text type={shareTotal === 100 ? 'secondary' : 'danger'}>
                {t('catalogue.shareTotal', { n: shareTotal })}
              </Typography.Text>
            )
          }
          columns={[
            {
              field: 'name',
              label: t('catalogue.stepName'),
              flex: 1,
              rules: [{ required: true, whitespace: true }],
              input: (label) => <Input aria-label={label} maxLength={50} />,
            },
            {
              field: 'timeSharePercent',
              label: t('catalogue.timeShare'),
              width: 130,
              rules: [{ required: true }],
              input: (label) => <InputNumber aria-label={label} min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />,
            },
            {
              field: 'departmentId',
              label: t('catalogue.stepDepartment'),
              width: 260,
              input: (label) => (
                <Select
                  aria-label={label}
                  allowClear
                  placeholder={t('catalogue.stepDepartmentOwn')}
                  options={departments.map((d) => ({ value: d.id, label: d.name }))}
                />
              ),
            },
          ]}
        />

        <Divider orientation="left" orientationMargin={0}>
          {t('catalogue.sectionAppointment')}
        </Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="bookable" label={t('catalogue.bookable')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Form.Item noStyle dependencies={['bookable']}>
            {({ getFieldValue }) =>
              getFieldValue('bookable') && (
                <>
                  <Col span={6}>
                    <Form.Item name="slotMinutes" label={t('catalogue.slotMinutes')} rules={[{ required: true }]}>
                      <InputNumber min={5} max={240} step={5} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="dailyQuota" label={t('catalogue.dailyQuota')} rules={[{ required: true }]}>
                      <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </>
              )
            }
          </Form.Item>
        </Row>

        <Divider orientation="left" orientationMargin={0}>
          {t('catalogue.sectionOther')}
        </Divider>
        <Form.Item label={t('catalogue.fees')}>
          <FormRows
            name="fees"
            newRow={{ amount: 0 }}
            addLabel={t('common.add')}
            below={(count) => count === 0 && <Typography.Text type="secondary">{t('catalogue.free')}</Typography.Text>}
            columns={[
              {
                field: 'name',
                label: t('catalogue.feeName'),
                flex: 1,
                rules: [{ required: true, whitespace: true }],
                input: (label) => <Input aria-label={label} placeholder={t('catalogue.feeName')} maxLength={100} />,
              },
              {
                field: 'amount',
                label: t('catalogue.feeAmount'),
                width: 160,
                rules: [{ required: true }],
                input: (label) => (
                  <InputNumber
                    aria-label={label}
                    placeholder={t('catalogue.feeAmount')}
                    min={0}
                    precision={2}
                    prefix="¥"
                    style={{ width: '100%' }}
                  />
                ),
              },
            ]}
          />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('catalogue.legalBasis')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item name="acceptanceConditions" label={t('catalogue.acceptanceConditions')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        {item && (
          <Form.Item name="active" label={t('catalogue.activeSwitch')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
