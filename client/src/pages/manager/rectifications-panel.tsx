import { Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { CONTACT_METHODS, Rectification, RECTIFICATION_STATUSES, rectificationsApi, RectificationStatus } from '../../api/evaluation';
import { hallTime } from '../../lib/hall-time';
import { FormModal } from '../../components/form-modal';
import { useI18n } from '../../i18n/i18n';
import { useLoad } from '../../lib/use-load';

type Move = 'contact' | 'reply' | 'close';

interface ContactForm {
  method: (typeof CONTACT_METHODS)[number];
  contactedAt?: Dayjs;
  note?: string;
}
interface ReplyForm {
  outcome: string;
  citizenSatisfied: boolean;
}

const STATUS_COLORS: Record<RectificationStatus, string> = { open: 'red', contacted: 'orange', replied: 'blue', closed: 'green' };

/**
 * 差评整改: the tasks 差评 opened, with their dues; the manager records the contact with the
 * citizen, the rectification and reply, and closes the task. `refreshKey` grows with every push.
 */
export function RectificationsPanel({
  hallId,
  timeZone,
  refreshKey,
  changed,
}: {
  hallId: string;
  timeZone: string;
  refreshKey: number;
  changed(): void;
}) {
  const { t } = useI18n();
  const [status, setStatus] = useState<RectificationStatus | undefined>();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [acting, setActing] = useState<{ move: Move; task: Rectification } | null>(null);
  const tasks = useLoad(
    (signal) => rectificationsApi.list(hallId, { status, overdue: overdueOnly ? true : undefined, limit: 200 }, signal),
    [hallId, status, overdueOnly, refreshKey],
  );
  const post = (move: Move, body: object) => rectificationsApi.move(acting!.task.id, move, body);
  const saved = () => {
    void tasks.reload();
    changed();
  };

  const due = (at: string, step: 'contact' | 'reply', r: Rectification) => (
    <span className={r.overdueSteps.includes(step) ? 'countdown-overdue' : undefined}>
      {hallTime(at, timeZone)}
      {r.overdueSteps.includes(step) && (
        <Tag color="red" style={{ marginInlineStart: 4 }}>
          {t('rectification.overdue')}
        </Tag>
      )}
      {r.lateSteps.includes(step) && (
        <Tag color="orange" style={{ marginInlineStart: 4 }}>
          {t('rectification.late')}
        </Tag>
      )}
    </span>
  );

  return (
    <Card
      size="small"
      title={t('rectification.title')}
      extra={
        <Flex gap={12} align="center" wrap>
          <Select<RectificationStatus>
            aria-label={t('common.status')}
            placeholder={t('rectification.allStatuses')}
            allowClear
            value={status}
            onChange={setStatus}
            style={{ width: 140 }}
            options={RECTIFICATION_STATUSES.map((s) => ({ value: s, label: t(`rectification.status.${s}`) }))}
          />
          <label className="filter-field">
            <Switch size="small" checked={overdueOnly} onChange={setOverdueOnly} />
            <span>{t('rectification.overdueOnly')}</span>
          </label>
        </Flex>
      }
    >
      <Table<Rectification>
        rowKey="id"
        size="small"
        loading={tasks.loading && !tasks.data}
        dataSource={tasks.data?.items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('rectification.none') }}
        columns={[
          {
            title: t('rectification.rating'),
            render: (_, r) => (
              <>
                <div>
                  <Tag color={r.rating.score === 1 ? 'red' : 'volcano'}>{r.rating.level}</Tag>
                  {t(`manager.channel.${r.rating.channel}`)} {r.rating.reference}
                </div>
                {r.rating.reasons.length > 0 && <Typography.Text type="secondary">{r.rating.reasons.join('、')}</Typography.Text>}
                {r.rating.comment && <div className="rating-comment">“{r.rating.comment}”</div>}
              </>
            ),
          },
          { title: t('rectification.openedAt'), dataIndex: 'openedAt', width: 150, render: (at: string) => hallTime(at, timeZone) },
          { title: t('rectification.contactDue'), dataIndex: 'contactDueAt', width: 190, render: (at: string, r) => due(at, 'contact', r) },
          { title: t('rectification.replyDue'), dataIndex: 'replyDueAt', width: 190, render: (at: string, r) => due(at, 'reply', r) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 130,
            render: (s: RectificationStatus, r) => (
              <>
                <Tag color={STATUS_COLORS[s]}>{t(`rectification.status.${s}`)}</Tag>
                {r.replyOutcome && <div className="case-event-meta">{r.replyOutcome}</div>}
              </>
            ),
          },
          {
            title: t('common.actions'),
            width: 170,
            render: (_, r) => (
              <Space size={4} wrap>
                {r.allowedMoves.map((move) => (
                  <Button
                    key={move}
                    size="small"
                    type={move === 'close' ? 'default' : 'primary'}
                    onClick={() => setActing({ move, task: r })}
                  >
                    {t(`rectification.move.${move}`)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />

      <FormModal<ContactForm>
        name="rectification-contact"
        open={acting?.move === 'contact'}
        title={t('rectification.move.contact')}
        initialValues={{ method: 'phone' }}
        submit={(v) =>
          post('contact', {
            method: v.method,
            note: v.note?.trim() || undefined,
            contactedAt: v.contactedAt?.format('YYYY-MM-DDTHH:mm:ssZ'),
          })
        }
        success={t('rectification.done.contact')}
        close={() => setActing(null)}
        saved={saved}
      >
        <Form.Item name="method" label={t('rectification.method')} rules={[{ required: true }]}>
          <Radio.Group options={CONTACT_METHODS.map((m) => ({ value: m, label: t(`rectification.method.${m}`) }))} />
        </Form.Item>
        <Form.Item name="contactedAt" label={t('rectification.contactedAt')} extra={t('rectification.contactedAtHelp')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="note" label={t('rectification.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </FormModal>

      <FormModal<ReplyForm>
        name="rectification-reply"
        open={acting?.move === 'reply'}
        title={t('rectification.move.reply')}
        initialValues={{ citizenSatisfied: true }}
        submit={(v) => post('reply', v)}
        success={t('rectification.done.reply')}
        close={() => setActing(null)}
        saved={saved}
      >
        <Form.Item name="outcome" label={t('rectification.outcome')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount placeholder={t('rectification.outcomePlaceholder')} />
        </Form.Item>
        <Form.Item name="citizenSatisfied" label={t('rectification.citizenSatisfied')} valuePropName="checked">
          <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
        </Form.Item>
      </FormModal>

      <FormModal<{ note?: string }>
        name="rectification-close"
        open={acting?.move === 'close'}
        title={t('rectification.move.close')}
        submit={(v) => post('close', { note: v.note?.trim() || undefined })}
        success={t('rectification.done.close')}
        close={() => setActing(null)}
        saved={saved}
      >
        <Form.Item name="note" label={t('rectification.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
