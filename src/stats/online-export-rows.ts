import type { OnlineMeasures } from '../cases/domain/online-measures';
import type { NoticeMeasureGroup } from '../notifications/domain/notice-measures';

export interface MeasureRow {
  measure: string;
  value: number | null;
}

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

/**
 * The online channel's and the notices' measures of a period as one sheet of (指标, 数值) rows: the
 * figures are the ones defined in cases/domain/online-measures.ts and notifications/domain/notice-measures.ts,
 * rates in per cent with one decimal, an empty value where a rate has no cases to divide by.
 */
export function onlineExportRows(online: OnlineMeasures, notices: NoticeMeasureGroup): MeasureRow[] {
  return [
    { measure: '办件总数', value: online.cases },
    { measure: '网上申办件数', value: online.onlineCases },
    { measure: '网办率（%）', value: percent(online.onlineRate) },
    { measure: '网上预审次数', value: online.preExaminations },
    { measure: '预审通过率（%）', value: percent(online.preExamPassRate) },
    { measure: '预审等候中位数（分钟）', value: online.preExamMedianMinutes },
    { measure: '预审最长等候（分钟）', value: online.preExamMaxMinutes },
    { measure: '零跑动件数（0 次）', value: online.visits.none },
    { measure: '跑一次件数（1 次）', value: online.visits.one },
    { measure: '跑多次件数（2 次及以上）', value: online.visits.more },
    { measure: '免证材料占比（%）', value: percent(online.certificateShare) },
    { measure: '通知送达数', value: notices.delivered },
    { measure: '通知失败数', value: notices.failed },
    { measure: '通知送达率（%）', value: percent(notices.deliveryRate) },
  ];
}
