import { Alert, Card, Checkbox, Form, FormInstance, Input, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ACCEPTANCE_OPTIONS, AcceptanceOption, ApplicantKind, MaterialAssessment, MaterialAssessmentRequest } from '../../api/queue-types';
import { DeliveryOption, ServiceItem } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { CaseTypeTag, LimitText, NecessityTag } from '../admin/catalogue/item-labels';
import { MaterialUploads, StagedUpload } from './material-uploads';
import { casesApi } from '../../api/cases';

export interface ItemEntry {
  itemId: string;
  /** Material name → found complete and correct. */
  provided?: Record<string, boolean>;
  /** Material name → the files uploaded for it; a material with files is provided. */
  files?: Record<string, StagedUpload[]>;
  /** Material name → the number of an electronic certificate of this hall cited instead of a file (免证办). */
  certificates?: Record<string, string>;
  decision?: AcceptanceOption;
  reason?: string;
  delivery?: DeliveryOption;
}

/** Why the server does not offer a decision; another code is shown as it comes. */
export const REFUSAL_CODES = [
  'REQUIRED_MATERIAL_MISSING',
  'DEFERRAL_BARRED_DISHONEST',
  'DEFERRAL_NOT_POSSIBLE',
  'COMMITMENT_NOT_OFFERED',
  'COMMITMENT_BARRED_DISHONEST',
  'NOTHING_MISSING',
] as const;
const isKnownRefusal = (code: string): code is (typeof REFUSAL_CODES)[number] => (REFUSAL_CODES as readonly string[]).includes(code);

/**
 * The item's checklist as the server reads it: a material with files or a cited certificate (免证办, the
 * server checks the number) is there; a 容缺 material may also be ticked as seen on paper (the server
 * refuses a bare tick for any other); any other is missing.
 */
export function checklistOf(
  item: ServiceItem,
  provided: Record<string, boolean> | undefined,
  files?: Record<string, StagedUpload[]>,
  certificates?: Record<string, string>,
) {
  return item.materials.map((m) => {
    const fileIds = files?.[m.name]?.map((f) => f.id) ?? [];
    const certificateNumber = certificates?.[m.name]?.trim() || undefined;
    const ticked = m.necessity === 'deferrable' && provided?.[m.name] === true;
    return {
      name: m.name,
      provided: ticked || fileIds.length > 0 || certificateNumber !== undefined,
      ...(fileIds.length ? { fileIds } : {}),
      ...(certificateNumber ? { certificateNumber } : {}),
    };
  });
}

interface ItemChecklistProps {
  hallId: string;
  index: number;
  item: ServiceItem;
  form: FormInstance;
  /** The applicant's number once it passes the check digit: the server then also checks the 失信 list. */
  applicant: { kind: ApplicantKind; idNumber: string } | null;
}

/**
 * One item of the application: its material checklist (必要 / 非必要 / 容缺后补) and the decision.
 * Which decisions are possible is the server's call: it is asked again whenever the checklist or
 * the applicant changes, and the decisions it refuses are shown with its reason.
 */
export function ItemChecklist({ hallId, index, item, form, applicant }: ItemChecklistProps) {
  const { t } = useI18n();
  const path = ['items', index];
  const provided = Form.useWatch([...path, 'provided'], form) as Record<string, boolean> | undefined;
  const files = Form.useWatch([...path, 'files'], form) as Record<string, StagedUpload[]> | undefined;
  const certificates = Form.useWatch([...path, 'certificates'], form) as Record<string, string> | undefined;
  const decision = Form.useWatch([...path, 'decision'], form) as AcceptanceOption | undefined;
  const [assessment, setAssessment] = useState<MaterialAssessment | null>(null);
  const request = JSON.stringify({
    materials: checklistOf(item, provided, files, certificates).map(({ name, provided: there }) => ({ name, provided: there })),
    applicantKind: applicant?.kind,
    idNumber: applicant?.idNumber,
  });

  useEffect(() => {
    const controller = new AbortController();
    // Ticking several boxes in a row asks once.
    const timer = setTimeout(() => {
      casesApi
        .assess(item.id, JSON.parse(request) as MaterialAssessmentRequest, controller.signal)
        .then((next) => {
          setAssessment(next);
          // The most the checklist allows is proposed until the clerk picks a decision; theirs stays while it is still possible.
          const field = ['items', index, 'decision'];
          const chosen = form.getFieldValue(field) as AcceptanceOption | undefined;
          if (!form.isFieldTouched(field) || !chosen || !next.options.includes(chosen)) form.setFieldValue(field, next.options[0]);
        })
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [request, item.id, index, form]);

  const optionLabel = (option: AcceptanceOption) =>
    option === 'accept' && assessment && assessment.obligations.length > 0
      ? t('acceptance.option.acceptDeferred')
      : t(`acceptance.option.${option}`);
  const refusals = ACCEPTANCE_OPTIONS.flatMap((option) => {
    const why = assessment?.refused[option];
    if (!why) return [];
    const reason = isKnownRefusal(why.code)
      ? t(`acceptance.refused.${why.code}`, { materials: (why.materials ?? []).join('、') })
      : why.code;
    return [`${optionLabel(option)}：${reason}`];
  });

  return (
    <Card
      size="small"
      className="acceptance-item"
      title={
        <Space wrap>
          <span>{item.name}</span>
          <CaseTypeTag caseType={item.caseType} />
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {t('acceptance.promised')}: <LimitText limit={item.promisedLimit} />
        </Typography.Text>
      }
    >
      <Form.Item name={[...path, 'itemId']} hidden>
        <Input />
      </Form.Item>
      <fieldset className="acceptance-materials">
        <legend>{t('acceptance.materials', { name: item.name })}</legend>
        <table>
          <tbody>
            {item.materials.map((m) => {
              const attached = (files?.[m.name]?.length ?? 0) > 0 || !!certificates?.[m.name]?.trim();
              return (
                <tr key={m.id}>
                  <td>
                    {/* The tick follows from the files; only a 容缺 material may be ticked without one (seen on paper). */}
                    {attached || m.necessity !== 'deferrable' ? (
                      <Checkbox checked={attached} disabled>
                        {m.name}
                      </Checkbox>
                    ) : (
                      <Form.Item name={[...path, 'provided', m.name]} valuePropName="checked" noStyle>
                        <Checkbox>{m.name}</Checkbox>
                      </Form.Item>
                    )}
                  </td>
                  <td>
                    <NecessityTag necessity={m.necessity} />
                  </td>
                  <td className="acceptance-copies">{t('acceptance.copies', { originals: m.originals, copies: m.copies })}</td>
                  <td className="acceptance-files">
                    <Form.Item name={[...path, 'files', m.name]} noStyle>
                      <MaterialUploads hallId={hallId} materialName={m.name} />
                    </Form.Item>
                    <Form.Item name={[...path, 'certificates', m.name]} noStyle>
                      <Input
                        size="small"
                        allowClear
                        maxLength={100}
                        className="acceptance-certificate"
                        placeholder={t('acceptance.certificate')}
                        aria-label={t('acceptance.certificateOf', { name: m.name })}
                      />
                    </Form.Item>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>

      <Form.Item
        name={[...path, 'decision']}
        label={t('acceptance.decision')}
        rules={[{ required: true, message: t('acceptance.decisionRequired') }]}
      >
        <Radio.Group
          optionType="button"
          options={ACCEPTANCE_OPTIONS.map((option) => ({
            value: option,
            label: optionLabel(option),
            disabled: !assessment?.options.includes(option),
          }))}
        />
      </Form.Item>
      {assessment?.dishonest && <Alert type="error" showIcon message={t('acceptance.dishonest')} className="acceptance-note" />}
      {decision === 'accept' && assessment && assessment.obligations.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="acceptance-note"
          message={t('acceptance.obligations', { materials: assessment.obligations.join('、') })}
        />
      )}
      {decision === 'request_correction' && assessment && (
        <Alert
          type="info"
          showIcon
          className="acceptance-note"
          message={t('acceptance.correction', { materials: assessment.correctionNotice.join('、') })}
        />
      )}
      {refusals.length > 0 && (
        <ul className="acceptance-refusals" aria-label={t('acceptance.notPossible')}>
          {refusals.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {decision === 'refuse' && (
        <Form.Item
          name={[...path, 'reason']}
          label={t('acceptance.refusalReason')}
          rules={[{ required: true, whitespace: true, message: t('acceptance.refusalReasonRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={1000} />
        </Form.Item>
      )}
      {decision !== 'refuse' && decision !== 'request_correction' && (
        <Form.Item name={[...path, 'delivery']} label={t('acceptance.delivery')}>
          <Radio.Group options={item.deliveryOptions.map((d) => ({ value: d, label: t(`delivery.${d}`) }))} />
        </Form.Item>
      )}
    </Card>
  );
}
