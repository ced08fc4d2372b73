import { App, Button, Checkbox, Form, Input, InputNumber, Radio, Select } from 'antd';
import { ReactNode, useState } from 'react';
import { CaseDetail, casesApi, REMEDIES, SPECIAL_PROCEDURES, WORKLIST_STATUSES } from '../api/cases';
import { SessionUser, StaffUser } from '../api/types';
import { FormModal } from '../components/form-modal';
import { useI18n } from '../i18n/i18n';
import { MessageKey } from '../i18n/messages';
import { refusalText, withAllowedMoves } from './case-format';

type FormAction = 'return' | 'suspend' | 'extension' | 'approveExtension' | 'rejectExtension' | 'report' | 'decision' | 'assign' | 'abort';

const SUSPEND_KINDS = ['correction', 'special_procedure'] as const;
const DECISIONS = ['approve', 'deny'] as const;

interface SuspendForm {
  kind: (typeof SUSPEND_KINDS)[number];
  procedure?: string;
  reason: string;
  expectedWorkingDays: number;
}
interface DecisionForm {
  decision: (typeof DECISIONS)[number];
  reason?: string;
  remedies?: string[];
}

const OPEN = new Set(['received', 'correction_requested', 'accepted', 'in_review', 'suspended']);
const LISTED = new Set<string>(WORKLIST_STATUSES);

/**
 * The moves an approver or a manager can make on the case in front of them. Buttons follow the
 * status, the step and who claimed the case; the server has the last word, and when it refuses,
 * its message (with the moves it allows now) is what the user reads.
 */
export function CaseActions({
  detail,
  user,
  approvers,
  changed,
}: {
  detail: CaseDetail;
  user: SessionUser;
  /** Approvers of the case's department, for a manager's assignment. */
  approvers: StaffUser[];
  changed(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState<FormAction | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const post = (move: string, body: object = {}) => withAllowedMoves(casesApi.move(detail.id, move, body));

  const direct = async (move: string, success: MessageKey) => {
    setBusy(move);
    try {
      await post(move);
      void message.success(t(success));
      changed();
    } catch (err) {
      void message.error(refusalText(err));
    } finally {
      setBusy(null);
    }
  };

  const isApprover = user.role === 'approver';
  const isManager = user.role === 'manager';
  const mine = detail.assigneeId === user.id;
  const atFinal = detail.currentStep === detail.steps.length - 1;
  const pending = detail.extensionRequests.some((r) => r.status === 'pending');
  const inReview = detail.status === 'in_review';

  const button = (key: string, label: MessageKey, onClick: () => void, extra: { primary?: boolean; danger?: boolean } = {}) => (
    <Button key={key} type={extra.primary ? 'primary' : 'default'} danger={extra.danger} loading={busy === key} onClick={onClick}>
      {t(label)}
    </Button>
  );

  const buttons = [
    isApprover &&
      LISTED.has(detail.status) &&
      !detail.assigneeId &&
      button('claim', 'case.action.claim', () => void direct('claim', 'case.done.claim'), { primary: true }),
    isApprover &&
      mine &&
      inReview &&
      !atFinal &&
      button('advance', 'case.action.advance', () => void direct('advance', 'case.done.advance'), { primary: true }),
    isApprover &&
      mine &&
      inReview &&
      atFinal &&
      detail.caseType !== 'reported' &&
      button('decision', 'case.action.decide', () => setOpen('decision'), { primary: true }),
    isApprover &&
      mine &&
      inReview &&
      atFinal &&
      detail.caseType === 'reported' &&
      button('report', 'case.action.report', () => setOpen('report'), { primary: true }),
    isApprover && mine && inReview && detail.currentStep > 0 && button('return', 'case.action.return', () => setOpen('return')),
    (isManager || mine) && inReview && button('suspend', 'case.action.suspend', () => setOpen('suspend')),
    (isManager || mine) &&
      detail.status === 'suspended' &&
      button('resume', 'case.action.resume', () => void direct('resume', 'case.done.resume'), { primary: true }),
    isApprover &&
      mine &&
      inReview &&
      !detail.extended &&
      !pending &&
      button('extension', 'case.action.requestExtension', () => setOpen('extension')),
    isManager &&
      pending &&
      button('approveExtension', 'case.action.approveExtension', () => setOpen('approveExtension'), { primary: true }),
    isManager && pending && button('rejectExtension', 'case.action.rejectExtension', () => setOpen('rejectExtension')),
    isManager &&
      LISTED.has(detail.status) &&
      button('assign', detail.assigneeId ? 'case.action.reassign' : 'case.action.assign', () => setOpen('assign')),
    isManager && OPEN.has(detail.status) && button('abort', 'case.action.abort', () => setOpen('abort'), { danger: true }),
  ].filter(Boolean);

  const modal = <T extends object>(
    action: FormAction,
    title: MessageKey,
    success: MessageKey,
    submit: (v: T) => Promise<unknown>,
    children: ReactNode,
    initialValues?: Partial<T>,
  ) => (
    <FormModal<T>
      key={action}
      name={action}
      open={open === action}
      title={t(title)}
      initialValues={initialValues}
      submit={submit}
      success={t(success)}
      close={() => setOpen(null)}
      saved={changed}
    >
      {children}
    </FormModal>
  );
  const reasonField = (label: MessageKey, required = true) => (
    <Form.Item name="reason" label={t(label)} rules={[{ required, whitespace: true }]}>
      <Input.TextArea rows={3} maxLength={1000} showCount />
    </Form.Item>
  );
  /** A move that asks for its reason and nothing else. */
  const reasonModal = (action: FormAction, title: MessageKey, success: MessageKey, move: string, reasonLabel: MessageKey) =>
    modal<{ reason: string }>(action, title, success, (v) => post(move, v), reasonField(reasonLabel));
  const choiceField = <V extends string>(name: string, label: MessageKey, values: readonly V[], labelOf: (value: V) => string) => (
    <Form.Item name={name} label={t(label)} rules={[{ required: true }]}>
      <Radio.Group options={values.map((value) => ({ value, label: labelOf(value) }))} />
    </Form.Item>
  );
  const allowance = detail.caseType === 'joint' ? 15 : 10;

  if (buttons.length === 0) return null;
  return (
    <div className="case-actions" role="group" aria-label={t('case.actions')}>
      {buttons}

      {reasonModal('return', 'case.action.return', 'case.done.return', 'return', 'case.returnReason')}

      {modal<SuspendForm>(
        'suspend',
        'case.action.suspend',
        'case.done.suspend',
        (v) => post('suspend', { ...v, procedure: v.kind === 'special_procedure' ? v.procedure : undefined }),
        <>
          {choiceField('kind', 'case.suspendKind', SUSPEND_KINDS, (k) => t(`case.suspendKind.${k}`))}
          <Form.Item noStyle dependencies={['kind']}>
            {({ getFieldValue }) =>
              getFieldValue('kind') === 'special_procedure' && (
                <Form.Item name="procedure" label={t('case.procedure')} rules={[{ required: true }]}>
                  <Select showSearch options={SPECIAL_PROCEDURES.map((p) => ({ value: p, label: p }))} />
                </Form.Item>
              )
            }
          </Form.Item>
          {reasonField('case.suspendReason')}
          <Form.Item
            name="expectedWorkingDays"
            label={t('case.expectedWorkingDays')}
            rules={[{ required: true }]}
            extra={t('case.expectedWorkingDaysHelp')}
          >
            <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </>,
        { kind: 'correction' },
      )}

      {modal<{ workingDays: number; reason: string }>(
        'extension',
        'case.action.requestExtension',
        'case.done.requestExtension',
        (v) => post('extension-request', v),
        <>
          <Form.Item
            name="workingDays"
            label={t('case.extensionDays')}
            rules={[{ required: true }]}
            extra={t('case.extensionDaysHelp', { n: allowance })}
          >
            <InputNumber min={1} max={allowance} precision={0} style={{ width: 160 }} />
          </Form.Item>
          {reasonField('case.extensionReason')}
        </>,
        { workingDays: allowance },
      )}

      {modal<{ reason?: string }>(
        'approveExtension',
        'case.action.approveExtension',
        'case.done.approveExtension',
        (v) => post('extension-request/approve', { reason: v.reason?.trim() || undefined }),
        reasonField('case.approveExtensionNote', false),
      )}

      {reasonModal(
        'rejectExtension',
        'case.action.rejectExtension',
        'case.done.rejectExtension',
        'extension-request/reject',
        'case.rejectExtensionReason',
      )}

      {modal<{ reportedTo: string; reason?: string }>(
        'report',
        'case.action.report',
        'case.done.report',
        (v) => post('report', { reportedTo: v.reportedTo, reason: v.reason?.trim() || undefined }),
        <>
          <Form.Item name="reportedTo" label={t('case.reportedTo')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} placeholder={t('case.reportedToPlaceholder')} />
          </Form.Item>
          {reasonField('case.reportNote', false)}
        </>,
      )}

      {modal<DecisionForm>(
        'decision',
        'case.action.decide',
        'case.done.decide',
        (v) =>
          post(
            'decision',
            v.decision === 'approve'
              ? { decision: 'approve', reason: v.reason?.trim() || undefined }
              : { decision: 'deny', reason: v.reason, remedies: v.remedies },
          ),
        <>
          {choiceField('decision', 'case.decision', DECISIONS, (d) => t(`case.decision.${d}`))}
          <Form.Item noStyle dependencies={['decision']}>
            {({ getFieldValue }) =>
              getFieldValue('decision') === 'deny' ? (
                <>
                  {reasonField('case.denyReason')}
                  <Form.Item
                    name="remedies"
                    label={t('case.remedies')}
                    rules={[{ required: true, type: 'array', min: 1 }]}
                    extra={t('case.remediesHelp')}
                  >
                    <Checkbox.Group options={REMEDIES.map((r) => ({ value: r, label: r }))} />
                  </Form.Item>
                </>
              ) : (
                reasonField('case.approveNote', false)
              )
            }
          </Form.Item>
        </>,
        { decision: 'approve' },
      )}

      {modal<{ assigneeId: string }>(
        'assign',
        detail.assigneeId ? 'case.action.reassign' : 'case.action.assign',
        'case.done.assign',
        (v) => post('assign', v),
        <Form.Item name="assigneeId" label={t('case.assignee')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={approvers.map((a) => ({ value: a.id, label: a.displayName }))}
            notFoundContent={t('case.noApprovers')}
          />
        </Form.Item>,
        { assigneeId: detail.assigneeId ?? undefined },
      )}

      {reasonModal('abort', 'case.action.abort', 'case.done.abort', 'abort', 'case.abortReason')}
    </div>
  );
}
