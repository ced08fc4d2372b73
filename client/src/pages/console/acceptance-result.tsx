import { FileTextOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Result, Tag } from 'antd';
import { AcceptedCase, ApplicationResult, CaseDocument, CaseStatus } from '../../api/queue-types';
import { useHall } from '../../hall/hall';
import { useI18n } from '../../i18n/i18n';
import { hallTime } from '../../lib/hall-time';
import { openCaseDocument } from '../../documents/documents';

const AFTER_RESULT: CaseStatus[] = ['ready_for_pickup', 'picked_up', 'mailed', 'delivered'];

/** The notices a case has, in the order the applicant is handed them. */
function noticesOf(c: AcceptedCase): CaseDocument[] {
  const notices: CaseDocument[] = [];
  if (c.acceptedAt) notices.push('acceptance-notice');
  if (c.missingMaterials.length > 0) notices.push('correction-notice');
  if (c.status === 'not_accepted') notices.push('refusal-notice');
  if (c.pickupCode && AFTER_RESULT.includes(c.status)) notices.push('pickup-slip');
  return notices;
}

const STATUS_COLOURS: Partial<Record<CaseStatus, string>> = {
  accepted: 'blue',
  correction_requested: 'orange',
  not_accepted: 'red',
  ready_for_pickup: 'green',
  picked_up: 'green',
};

/** What the application came to, case by case, with the printable notices to hand over. */
export function AcceptanceResult({ result, again }: { result: ApplicationResult; again(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { hall } = useHall();
  const open = (c: AcceptedCase, kind: CaseDocument) => void openCaseDocument(c.id, kind).catch((err: Error) => message.error(err.message));
  // The first notice takes the focus: Enter prints it, without reaching for the mouse.
  const focused = result.cases.find((c) => noticesOf(c).length > 0);
  return (
    <Card className="acceptance-result">
      <Result
        status="success"
        title={result.bundle ? t('acceptance.doneBundle', { name: result.bundle.name }) : t('acceptance.done')}
        subTitle={t('acceptance.doneHelp')}
      />
      {result.cases.map((c) => (
        <Card
          key={c.id}
          size="small"
          type="inner"
          className="acceptance-case"
          title={
            <Flex gap={8} align="center" wrap>
              <span>{c.itemName}</span>
              <Tag color={STATUS_COLOURS[c.status]}>{t(`acceptance.status.${c.status}`)}</Tag>
            </Flex>
          }
        >
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('acceptance.caseNumber')}>
              <span data-testid="case-number">{c.caseNumber}</span>
            </Descriptions.Item>
            {c.queryCode && (
              <Descriptions.Item label={t('acceptance.queryCode')}>
                <code>{c.queryCode}</code>
              </Descriptions.Item>
            )}
            {c.promisedDueAt && (
              <Descriptions.Item label={t('acceptance.promisedDue')}>{hallTime(c.promisedDueAt, hall.timezone, 'slip')}</Descriptions.Item>
            )}
            {c.obligations.length > 0 && (
              <Descriptions.Item label={t('acceptance.owed')}>{c.obligations.map((o) => o.material).join('、')}</Descriptions.Item>
            )}
          </Descriptions>
          <Flex gap={8} wrap>
            {noticesOf(c).map((kind, index) => {
              const autoFocus = c === focused && index === 0;
              return (
                <Button
                  key={kind}
                  icon={<FileTextOutlined />}
                  type={autoFocus ? 'primary' : 'default'}
                  autoFocus={autoFocus}
                  onClick={() => open(c, kind)}
                >
                  {t(`acceptance.notice.${kind}`)}
                </Button>
              );
            })}
          </Flex>
        </Card>
      ))}
      <Button onClick={again} className="acceptance-again">
        {t('acceptance.again')}
      </Button>
    </Card>
  );
}
