import { ApiProperty } from '@nestjs/swagger';
import { WARNING_LEVELS } from '../../calendar/domain/warning-level';
import { CaseDto, CaseEventDto } from '../../cases/dto/case.dto';
import { RatingMeasuresDto } from '../../evaluation/dto/rating.dto';
import { RESOLUTION_DOC } from '../domain/histogram';
import { CASE_TYPES } from '../../catalog/domain/catalog-types';
import { WORKLIST_STATUSES } from '../../cases/domain/case-state-machine';

const RATE = { nullable: true, type: Number };

/**
 * The reports' answers. Every figure says what it counts here, in the OpenAPI document, so a
 * manager's screen and an export can quote the definition next to the number.
 */

export class ReportHeaderDto {
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ example: '2025-01-01' }) from: string;
  @ApiProperty({ example: '2025-12-31' }) to: string;
  @ApiProperty({ nullable: true, type: String, description: 'The grouping asked for; null: one group for the whole selection' })
  groupBy: string | null;
  @ApiProperty({ example: 'Asia/Shanghai', description: "The hall's time zone, in which days, weeks, months and hours are counted" })
  timezone: string;
}

export class GroupKeyDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'The first day of the period (YYYY-MM-DD), the hour (0–23), or the id grouped by; null for the whole selection or for "none" (e.g. tickets no window holds)',
  })
  key: string | null;
  @ApiProperty({
    example: '2025-03',
    description: 'What a screen shows for the key: the period, the hour, or the name of the department, item, window, clerk or category',
  })
  label: string;
}

export class OnTimeGroupDto extends GroupKeyDto {
  @ApiProperty({
    description:
      '办结: cases concluded at this level in the group (approved, denied, instant, on commitment, or reported up as 转报办结), counted on the local day of conclusion. Withdrawn, aborted, not accepted and returned cases are not concluded: they are counted apart in the cases report',
  })
  concluded: number;
  @ApiProperty({
    description:
      'Concluded at or before the promised due instant (承诺时限), as moved by suspensions (挂起) and a granted extension (延期): a case concluded exactly at its due instant is on time',
  })
  onTime: number;
  @ApiProperty({ description: '提前: concluded on a local day before the local day of its promised due' })
  early: number;
  @ApiProperty({
    description:
      '超期办结: concluded after its promised due instant (= concluded − onTime). Open cases past due are in GET /api/stats/overdue',
  })
  overdue: number;
  @ApiProperty({ ...RATE, description: '按时办结率 = onTime ÷ concluded; null when nothing was concluded' }) onTimeRate: number | null;
  @ApiProperty({ ...RATE, description: '提前办结率 = early ÷ concluded' }) earlyRate: number | null;
}

export class OnTimeReportDto extends ReportHeaderDto {
  @ApiProperty({ type: [OnTimeGroupDto], description: 'Groups with any case, in key order (periods) or by concluded, most first' })
  groups: OnTimeGroupDto[];
  @ApiProperty({ type: OnTimeGroupDto, description: 'The whole selection' }) total: OnTimeGroupDto;
}

export class CaseGroupDto extends OnTimeGroupDto {
  @ApiProperty({ description: '受理: cases accepted, on the local day of acceptance' }) accepted: number;
  @ApiProperty({ description: 'Concluded cases of 即办件 items' }) instant: number;
  @ApiProperty({
    description:
      'Concluded cases with at most one visit to the hall (acceptance; every resubmission after a correction notice is one more)',
  })
  oneVisit: number;
  @ApiProperty({ description: 'Concluded cases that had been granted an extension (延期)' }) extended: number;
  @ApiProperty({ description: 'Concluded as 转报办结: decided at a higher level' }) reported: number;
  @ApiProperty({ description: '告知承诺 approvals revoked after a check, on the local day of the revocation' }) revoked: number;
  @ApiProperty({ description: '撤销申请 (withdrawn by the applicant), on the local day it ended; excluded from concluded' })
  withdrawn: number;
  @ApiProperty({ description: '异常终止 (aborted by a manager); excluded from concluded' }) aborted: number;
  @ApiProperty({ description: '不予受理 (not accepted); excluded from concluded' }) notAccepted: number;
  @ApiProperty({ description: '退件 (returned after a lapsed 容缺 obligation); excluded from concluded' }) returned: number;
  @ApiProperty({ ...RATE, description: '即办率 = instant ÷ concluded' }) instantRate: number | null;
  @ApiProperty({ ...RATE, description: '一次办结率 = oneVisit ÷ concluded' }) oneVisitRate: number | null;
}

export class CasesReportDto extends ReportHeaderDto {
  @ApiProperty({ type: [CaseGroupDto] }) groups: CaseGroupDto[];
  @ApiProperty({ type: CaseGroupDto }) total: CaseGroupDto;
  @ApiProperty({
    description:
      '超期: open cases (accepted, in review, suspended) under the same filters that are past their promised due now; the list is GET /api/stats/overdue',
  })
  openOverdue: number;
  @ApiProperty({ description: 'The instant openOverdue was counted at' }) at: Date;
}

export class QueueGroupDto extends GroupKeyDto {
  @ApiProperty({
    description:
      'Tickets called at least once (on the local day and hour of issue, under the category issued in and the window and clerk holding the ticket, or who served it)',
  })
  called: number;
  @ApiProperty({ description: "Called tickets whose first call came within the hall's target wait (issue → first call ≤ target)" })
  withinTarget: number;
  @ApiProperty({ ...RATE, description: '等候达标率 = withinTarget ÷ called' }) targetWaitRate: number | null;
  @ApiProperty({ description: 'Tickets that are no-shows (called, absent, not requeued and served afterwards)' }) noShow: number;
  @ApiProperty({ ...RATE, description: '弃号率 = noShow ÷ called' }) noShowRate: number | null;
  @ApiProperty({ description: 'Tickets cancelled at a window' }) cancelled: number;
  @ApiProperty({ description: 'Tickets served to the end (done)' }) served: number;
  @ApiProperty({ ...RATE, description: 'Average wait, issue → first call, in ms (exact)' }) waitAvgMs: number | null;
  @ApiProperty({ ...RATE, description: `90th percentile of the wait, in ms. ${RESOLUTION_DOC}` }) waitP90Ms: number | null;
  @ApiProperty({
    ...RATE,
    description: 'Average service time, start → finish of the last service (a hold inside it counts), in ms (exact)',
  })
  serviceAvgMs: number | null;
  @ApiProperty({ ...RATE, description: "90th percentile of the service time, in ms, at the same resolution as the wait's" })
  serviceP90Ms: number | null;
}

export class QueueReportDto extends ReportHeaderDto {
  @ApiProperty({ description: "The hall's target wait (等候时限), minutes" }) targetWaitMinutes: number;
  @ApiProperty({
    description:
      "The target the within-target count used: the hall's own when it is a bucket bound (every minute up to 30, then 35…60 by 5, 75…120 by 15, 150…240 by 30, 300…480 by 60), else the largest bound below it",
  })
  targetWaitMinutesApplied: number;
  @ApiProperty({ type: [QueueGroupDto] }) groups: QueueGroupDto[];
  @ApiProperty({ type: QueueGroupDto }) total: QueueGroupDto;
}

export class WindowLoadGroupDto extends GroupKeyDto {
  @ApiProperty({ description: 'Time the windows were open (not paused or closed), in ms; a window open now counts up to now' })
  openMs: number;
  @ApiProperty({ description: 'Service time of the tickets served at them (start → finish), in ms' }) busyMs: number;
  @ApiProperty({ description: 'Tickets served' }) served: number;
  @ApiProperty({ ...RATE, description: '窗口饱和度 = busyMs ÷ openMs; null without open time' }) load: number | null;
}

export class WindowLoadReportDto extends ReportHeaderDto {
  @ApiProperty({ type: [WindowLoadGroupDto] }) groups: WindowLoadGroupDto[];
  @ApiProperty({ type: WindowLoadGroupDto }) total: WindowLoadGroupDto;
}

export class StaffGroupDto extends GroupKeyDto {
  @ApiProperty({ description: 'Tickets served (start → finish) by the clerk or at the window' }) served: number;
  @ApiProperty({ description: 'Time serving: the sum of start → finish of those tickets, in ms' }) servingMs: number;
  @ApiProperty({ description: 'Call to start (the walk to the window): the sum of last call → start of those tickets, in ms' })
  walkMs: number;
  @ApiProperty({ ...RATE, description: 'walkMs ÷ served; null when none was served' }) walkAvgMs: number | null;
  @ApiProperty({
    description: 'Time the window was open (not paused or closed) with the clerk at it, in ms; a window open now counts up to now',
  })
  openMs: number;
  @ApiProperty({
    description:
      'Idle while their categories waited: open time in which the window held no ticket between its call and its finish while at least one ticket ' +
      "of a category the window serves was waiting (issue or requeue → its next move, under the category it has now), in ms. A no-show's call is not busy time",
  })
  idleWhileWaitingMs: number;
  @ApiProperty({ ...RATE, description: 'served ÷ open hours; null without open time' }) servedPerHour: number | null;
}

export class StaffReportDto extends ReportHeaderDto {
  @ApiProperty({ type: [StaffGroupDto], description: 'Most open time first' }) groups: StaffGroupDto[];
  @ApiProperty({ type: StaffGroupDto }) total: StaffGroupDto;
}

export class RatingGroupDto extends RatingMeasuresDto {
  @ApiProperty({ description: 'The period, the channel (一次一评 / 一事一评) or the name of what is grouped by' }) label: string;
}

export class RatingsReportDto extends ReportHeaderDto {
  @ApiProperty({
    type: [RatingGroupDto],
    description:
      "好评率 = 4–5 ÷ all, 差评率 = 1–2 ÷ all, 整改率 = closed rectification tasks ÷ tasks (of the period's ratings, closed by now)",
  })
  groups: RatingGroupDto[];
  @ApiProperty({ type: RatingGroupDto }) total: RatingGroupDto;
}

export class OverdueCaseDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'DEMO-20251103-0001' }) caseNumber: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ format: 'uuid', description: "The item's department (实施主体)" }) departmentId: string;
  @ApiProperty({ format: 'uuid', description: 'The department whose work list holds it now' }) currentDepartmentId: string;
  @ApiProperty({ enum: WORKLIST_STATUSES }) status: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) windowId: string | null;
  @ApiProperty({ format: 'uuid' }) clerkId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty() acceptedAt: Date;
  @ApiProperty() promisedDueAt: Date;
  @ApiProperty({ nullable: true, type: Date }) legalDueAt: Date | null;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: WARNING_LEVELS,
    description: 'As the warning sweep last raised it',
  })
  warningLevel: string | null;
  @ApiProperty({ description: 'How long past the promised due, in ms: until now, or for a suspended case until its clock stopped' })
  overdueMs: number;
}

export class OverdueListDto {
  @ApiProperty({ description: 'The instant "past due" was judged at' }) at: Date;
  @ApiProperty({ description: 'Open cases past due under the filters' }) total: number;
  @ApiProperty({ type: [OverdueCaseDto], description: 'Longest overdue first' }) items: OverdueCaseDto[];
}

export class OverdueCaseDetailDto {
  @ApiProperty({ type: CaseDto }) case: CaseDto;
  @ApiProperty({ type: [CaseEventDto], description: 'Every move of the case, oldest first' }) events: CaseEventDto[];
}
