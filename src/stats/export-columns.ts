import { formatInstant } from '../common/time/iso-time';
import type { RatingMeasuresDto } from '../evaluation/dto/rating.dto';
import type { ExportColumn } from './export.service';
import type {
  CaseGroupDto,
  OnTimeGroupDto,
  OverdueCaseDto,
  QueueGroupDto,
  RatingGroupDto,
  StaffGroupDto,
  WindowLoadGroupDto,
} from './dto/stats-report.dto';

/** Export columns with Chinese titles: rates in percent, durations in minutes or hours, instants in the hall's local time. */

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 10_000) / 100);
const minutes = (ms: number | null) => (ms === null ? null : Math.round(ms / 6_000) / 10);
const hours = (ms: number) => Math.round(ms / 36_000) / 100;

const GROUP: ExportColumn<{ label: string }> = { title: '分组', value: (g) => g.label };

export const ON_TIME_COLUMNS: ExportColumn<OnTimeGroupDto>[] = [
  GROUP,
  { title: '办结数', value: (g) => g.concluded },
  { title: '按时办结数', value: (g) => g.onTime },
  { title: '提前办结数', value: (g) => g.early },
  { title: '超期办结数', value: (g) => g.overdue },
  { title: '按时办结率（%）', value: (g) => percent(g.onTimeRate) },
  { title: '提前办结率（%）', value: (g) => percent(g.earlyRate) },
];

export const CASE_COLUMNS: ExportColumn<CaseGroupDto>[] = [
  GROUP,
  { title: '受理数', value: (g) => g.accepted },
  ...ON_TIME_COLUMNS.slice(1, 5),
  { title: '即办件数', value: (g) => g.instant },
  { title: '一次办结数', value: (g) => g.oneVisit },
  { title: '延期数', value: (g) => g.extended },
  { title: '转报办结数', value: (g) => g.reported },
  { title: '撤销告知承诺数', value: (g) => g.revoked },
  { title: '撤回申请数', value: (g) => g.withdrawn },
  { title: '异常终止数', value: (g) => g.aborted },
  { title: '不予受理数', value: (g) => g.notAccepted },
  { title: '退件数', value: (g) => g.returned },
  ...ON_TIME_COLUMNS.slice(5),
  { title: '即办率（%）', value: (g) => percent(g.instantRate) },
  { title: '一次办结率（%）', value: (g) => percent(g.oneVisitRate) },
];

export const QUEUE_COLUMNS: ExportColumn<QueueGroupDto>[] = [
  GROUP,
  { title: '叫号数', value: (g) => g.called },
  { title: '等候达标数', value: (g) => g.withinTarget },
  { title: '等候达标率（%）', value: (g) => percent(g.targetWaitRate) },
  { title: '弃号数', value: (g) => g.noShow },
  { title: '弃号率（%）', value: (g) => percent(g.noShowRate) },
  { title: '取消数', value: (g) => g.cancelled },
  { title: '办理完成数', value: (g) => g.served },
  { title: '平均等候（分钟）', value: (g) => minutes(g.waitAvgMs) },
  { title: '90% 等候（分钟）', value: (g) => minutes(g.waitP90Ms) },
  { title: '平均办理（分钟）', value: (g) => minutes(g.serviceAvgMs) },
  { title: '90% 办理（分钟）', value: (g) => minutes(g.serviceP90Ms) },
];

export const WINDOW_LOAD_COLUMNS: ExportColumn<WindowLoadGroupDto>[] = [
  GROUP,
  { title: '开窗时长（小时）', value: (g) => hours(g.openMs) },
  { title: '办理时长（小时）', value: (g) => hours(g.busyMs) },
  { title: '办理完成数', value: (g) => g.served },
  { title: '窗口饱和度（%）', value: (g) => percent(g.load) },
];

const level = (score: number) => (m: RatingMeasuresDto) => m.levels.find((l) => l.score === score)?.count ?? 0;

export const RATING_COLUMNS: ExportColumn<RatingGroupDto>[] = [
  GROUP,
  { title: '评价数', value: (g) => g.total },
  { title: '非常满意', value: level(5) },
  { title: '满意', value: level(4) },
  { title: '基本满意', value: level(3) },
  { title: '不满意', value: level(2) },
  { title: '非常不满意', value: level(1) },
  { title: '好评率（%）', value: (g) => percent(g.goodRate) },
  { title: '差评率（%）', value: (g) => percent(g.poorRate) },
  { title: '整改任务数', value: (g) => g.tasks },
  { title: '已整改数', value: (g) => g.closedTasks },
  { title: '整改率（%）', value: (g) => percent(g.rectificationRate) },
];

const LEVELS: Readonly<Record<string, string>> = { green: '正常', yellow: '预警', red: '超期', red_card: '严重超期' };
const STATUSES: Readonly<Record<string, string>> = { accepted: '已受理', in_review: '审查中', suspended: '挂起' };

export function overdueColumns(timezone: string, departmentName: (id: string) => string): ExportColumn<OverdueCaseDto>[] {
  const local = (d: Date | null) => (d ? formatInstant(d.getTime(), timezone).slice(0, 16).replace('T', ' ') : null);
  return [
    { title: '办件编号', value: (c) => c.caseNumber },
    { title: '事项', value: (c) => c.itemName },
    { title: '实施部门', value: (c) => departmentName(c.departmentId) },
    { title: '状态', value: (c) => STATUSES[c.status] ?? c.status },
    { title: '受理时间', value: (c) => local(c.acceptedAt) },
    { title: '承诺办结期限', value: (c) => local(c.promisedDueAt) },
    { title: '法定办结期限', value: (c) => local(c.legalDueAt) },
    { title: '超期（小时）', value: (c) => hours(c.overdueMs) },
    { title: '预警级别', value: (c) => (c.warningLevel ? (LEVELS[c.warningLevel] ?? c.warningLevel) : null) },
  ];
}

export const STAFF_COLUMNS: ExportColumn<StaffGroupDto>[] = [
  GROUP,
  { title: '办结数', value: (g) => g.served },
  { title: '办理时长（小时）', value: (g) => hours(g.servingMs) },
  { title: '叫号至开始（分钟，平均）', value: (g) => minutes(g.walkAvgMs) },
  { title: '开窗时长（小时）', value: (g) => hours(g.openMs) },
  { title: '有人等候时的空闲（小时）', value: (g) => hours(g.idleWhileWaitingMs) },
  { title: '每小时办结', value: (g) => (g.servedPerHour === null ? null : Math.round(g.servedPerHour * 100) / 100) },
];
