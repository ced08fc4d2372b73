import { Alert, Button, Card, Checkbox, Form, Input, Rate, Result, Typography } from 'antd';
import { useState } from 'react';
import { POOR_REASONS, RatingForm, RatingReceipt } from '../../api/evaluation';
import { useI18n } from '../../i18n/i18n';
import { useFormSubmit } from '../../lib/use-form-submit';
import { useLoad } from '../../lib/use-load';
import { onlineApi } from '../../api/online';

/**
 * 一事一评: once the case is concluded the citizen rates it here, once. The evaluation API says
 * whether the form is offered (`ratable`) or shows the rating given; it is asked again whenever
 * the case's status changes, so the form appears the moment the case concludes.
 */
export function CaseRatingCard({ caseNumber, queryCode, caseStatus }: { caseNumber: string; queryCode: string; caseStatus: string }) {
  const { t } = useI18n();
  const [given, setGiven] = useState<RatingReceipt | null>(null);
  const status = useLoad((signal) => onlineApi.caseRating(caseNumber, queryCode, signal), [caseNumber, queryCode, caseStatus]);
  const [form] = Form.useForm<RatingForm>();
  const score = Form.useWatch('score', form);
  const submit = useFormSubmit(form, async (v: RatingForm) => {
    const poor = v.score <= 2;
    setGiven(
      await onlineApi.rateCase({
        caseNumber,
        queryCode,
        score: v.score,
        comment: v.comment?.trim() || undefined,
        reasons: poor && v.reasons?.length ? v.reasons : undefined,
      }),
    );
  });

  const rating = given ?? status.data?.rating ?? null;
  if (rating) {
    return (
      <Card size="small" className="case-section">
        <Result
          status="success"
          title={t('caseRating.thanks')}
          subTitle={
            <>
              <Rate disabled value={rating.score} />
              <div>
                {rating.level}
                {rating.reasons.length ? `（${rating.reasons.join('、')}）` : ''}
              </div>
              {rating.comment && <Typography.Paragraph type="secondary">{rating.comment}</Typography.Paragraph>}
            </>
          }
        />
      </Card>
    );
  }
  if (!status.data?.ratable) return null;

  const levels = [t('caseRating.level1'), t('caseRating.level2'), t('caseRating.level3'), t('caseRating.level4'), t('caseRating.level5')];
  return (
    <Card size="small" className="case-section" title={t('caseRating.title')}>
      <Typography.Paragraph type="secondary">{t('caseRating.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit.onFinish} disabled={submit.busy} requiredMark={false}>
        <Form.Item
          name="score"
          label={t('caseRating.score')}
          rules={[{ required: true, message: t('caseRating.scoreRequired') }]}
          extra={score ? levels[score - 1] : undefined}
        >
          <Rate tooltips={levels} className="rating-stars" aria-label={t('caseRating.score')} />
        </Form.Item>
        {score !== undefined && score <= 2 && (
          <Form.Item name="reasons" label={t('caseRating.reasons')}>
            <Checkbox.Group options={POOR_REASONS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
        )}
        <Form.Item name="comment" label={t('caseRating.comment')}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('caseRating.commentPlaceholder')} />
        </Form.Item>
        {score !== undefined && score <= 2 && (
          <Alert type="info" showIcon message={t('caseRating.poorFollowUp')} style={{ marginBottom: 16 }} />
        )}
        <Button type="primary" htmlType="submit" block size="large" loading={submit.busy}>
          {t('caseRating.submit')}
        </Button>
      </Form>
    </Card>
  );
}
