import { SmileOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Form, Input, Radio, Result } from 'antd';
import { POOR_REASONS, RATING_SCORES, RatingForm } from '../../api/evaluation';
import { queueApi } from '../../api/queue-types';
import { useI18n } from '../../i18n/i18n';
import { useFormSubmit } from '../../lib/use-form-submit';
import { useLoad } from '../../lib/use-load';

const POOR = 2;

/** 一次一评: once the visit is finished, the citizen rates it here, once. */
export function TicketRating({ accessCode }: { accessCode: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RatingForm>();
  const rating = useLoad((signal) => queueApi.rating(accessCode, signal), [accessCode]);
  const score = Form.useWatch('score', form);
  const { busy, onFinish } = useFormSubmit(form, async (values: RatingForm) => {
    try {
      await queueApi.rate(accessCode, {
        score: values.score,
        reasons: values.score <= POOR ? values.reasons : undefined,
        comment: values.comment?.trim() || undefined,
      });
    } finally {
      // Also after ALREADY_RATED (rated from the window's pad meanwhile): the page shows what is recorded.
      await rating.reload();
    }
  });

  if (rating.error) return <Alert type="warning" showIcon message={rating.error.message} className="ticket-rating" />;
  if (!rating.data) return null;
  const given = rating.data.rating;
  if (given) {
    return (
      <Result
        className="ticket-rating"
        icon={<SmileOutlined />}
        status="success"
        title={t('rating.thanks')}
        subTitle={t('rating.given', { level: given.level })}
      />
    );
  }
  if (!rating.data.ratable) return null;

  return (
    <section className="ticket-rating" aria-labelledby="rating-title">
      <h2 id="rating-title">{t('rating.title')}</h2>
      <Form form={form} layout="vertical" onFinish={onFinish} disabled={busy} requiredMark={false}>
        <Form.Item name="score" label={t('rating.score')} rules={[{ required: true, message: t('rating.scoreRequired') }]}>
          <Radio.Group
            className="rating-scores"
            optionType="button"
            buttonStyle="solid"
            options={RATING_SCORES.map((s) => ({ value: s, label: t(`rating.level.${s}`) }))}
          />
        </Form.Item>
        {score !== undefined && score <= POOR && (
          <Form.Item name="reasons" label={t('rating.reasons')}>
            <Checkbox.Group options={POOR_REASONS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        )}
        <Form.Item name="comment" label={t('rating.comment')}>
          <Input.TextArea maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          {t('rating.submit')}
        </Button>
      </Form>
    </section>
  );
}
