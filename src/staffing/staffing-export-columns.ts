import type { ExportColumn } from '../stats/export.service';
import type { PlanCategoryDto, PlanRowDto } from './dto/staffing-response.dto';

const percent = (share: number) => Math.round(share * 10_000) / 100;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00–${String(h + 1).padStart(2, '0')}:00`;

/** The plan's columns with Chinese titles: one row per hour and category, shares in percent, minutes to a tenth. */
export function planColumns(categories: readonly PlanCategoryDto[]): ExportColumn<PlanRowDto>[] {
  const name = (id: string) => {
    const c = categories.find((x) => x.id === id);
    return c ? `${c.prefix} ${c.name}` : id;
  };
  return [
    { title: '时段', value: (r) => hourLabel(r.hour) },
    { title: '号类', value: (r) => name(r.categoryId) },
    { title: '预测到达（人/小时）', value: (r) => round(r.forecast.mean, 1) },
    { title: '预测 P10', value: (r) => round(r.forecast.p10, 1) },
    { title: '预测 P90', value: (r) => round(r.forecast.p90, 1) },
    { title: '平均办理时长（分钟）', value: (r) => round(r.meanServiceMinutes, 1) },
    { title: '计划窗口', value: (r) => r.plannedWindows },
    { title: '建议窗口', value: (r) => r.recommendedWindows },
    { title: '预计等候达标率（%）', value: (r) => percent(r.expected.withinTargetShare) },
    {
      title: '预计平均等候（分钟）',
      value: (r) => (r.expected.meanWaitMinutes === null ? '无法排空' : round(r.expected.meanWaitMinutes, 1)),
    },
    { title: '窗口利用率（%）', value: (r) => percent(r.expected.utilisation) },
  ];
}
