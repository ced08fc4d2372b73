import { Flex, Tag } from 'antd';
import { CaseType, Necessity, ServiceItem, TimeLimit } from '../../../api/types';
import { useI18n } from '../../../i18n/i18n';

const CASE_TYPE_COLORS: Record<CaseType, string> = { instant: 'green', promised: 'blue', reported: 'orange', joint: 'purple' };
const NECESSITY_COLORS: Record<Necessity, string> = { required: 'red', optional: 'default', deferrable: 'gold' };
export const FLAGS = ['flagImmediate', 'flagOnline', 'flagNearby', 'flagOneVisit'] as const;

export function CaseTypeTag({ caseType }: { caseType: CaseType }) {
  const { t } = useI18n();
  return <Tag color={CASE_TYPE_COLORS[caseType]}>{t(`caseType.${caseType}`)}</Tag>;
}

export function NecessityTag({ necessity }: { necessity: Necessity }) {
  const { t } = useI18n();
  return <Tag color={NECESSITY_COLORS[necessity]}>{t(`necessity.${necessity}`)}</Tag>;
}

/** "10 个工作日"; 0 is done on the spot (即办件); a missing legal limit reads "无法定时限". */
export function LimitText({ limit }: { limit: TimeLimit | null }) {
  const { t } = useI18n();
  if (!limit) return <>{t('catalogue.noLegalLimit')}</>;
  return <>{limit.value === 0 ? t('catalogue.onTheSpot') : t(`limitFormat.${limit.unit}`, { n: limit.value })}</>;
}

/** The 办 flags an item carries (马上办, 网上办, 就近办, 一次办); absent ones are left out. */
export function FlagTags({ item }: { item: ServiceItem }) {
  const { t } = useI18n();
  const set = FLAGS.filter((f) => item[f]);
  if (set.length === 0) return <>—</>;
  return (
    <Flex gap={4} wrap>
      {set.map((f) => (
        <Tag key={f} bordered={false} color="cyan" style={{ marginInlineEnd: 0 }}>
          {t(`catalogue.${f}`)}
        </Tag>
      ))}
    </Flex>
  );
}
