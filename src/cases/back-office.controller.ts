import { Body, Controller, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Role, StaffPrincipal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { Answers } from '../common/http/route-decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CasesService } from './cases.service';
import {
  AssignDto,
  CaseEventsQuery,
  CommitmentCheckDto,
  DecisionDto,
  ExtensionRequestDto,
  OptionalReasonDto,
  ReasonDto,
  ReportDto,
  SuspendDto,
  WorkListQuery,
} from './dto/back-office.dto';
import { BundleDto, CaseDto, CaseEventDto, CaseListEntryDto } from './dto/case.dto';
import { ReviewService } from './review.service';
import { CaseMove } from './case-move.decorator';
import { Acts, HallReads, Reads } from '../auth/staff-route.decorator';

const MOVE_ERRORS =
  '403 CASE_OF_OTHER_DEPARTMENT / CASE_CLAIMED_BY_OTHER; 409 CASE_NOT_CLAIMED; 409 ILLEGAL_CASE_MOVE with the allowed moves in details.';

/** A back-office move: refused, besides its own errors, as MOVE_ERRORS says. */
const ReviewMove = (move: string, roles: Role[], summary: string, errors = MOVE_ERRORS) => CaseMove(move, roles, summary, errors);

/** The back office (后台分类审批): work lists, claiming, the steps and the decision. */
@ApiTags('cases: back office')
@ApiBearerAuth()
@Controller()
export class BackOfficeController {
  constructor(
    private readonly cases: CasesService,
    private readonly review: ReviewService,
  ) {}

  @HallReads(
    'halls/:hallId/work-list',
    ['approver', 'manager'],
    "Cases accepted, in review or suspended, by promised due: an approver's own department, a manager's any (filters: warning level, due, assignee)",
    [CaseListEntryDto],
  )
  workList(@CurrentPrincipal() p: StaffPrincipal, @Param('hallId', UUID) hallId: string, @Query() query: WorkListQuery) {
    return this.cases.workList(p, hallId, query);
  }

  @Reads(
    'cases/:caseId',
    ['clerk', 'approver', 'manager'],
    'A case with its dues, steps, obligations, suspensions, extension requests and the moves the caller may make',
    CaseDto,
  )
  detail(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string) {
    return this.cases.detail(p, caseId);
  }

  @Reads(
    'cases/:caseId/events',
    ['clerk', 'approver', 'manager'],
    'The audit trail of a case: every move with actor, role, time, from, to, reason and data (append-only)',
    [CaseEventDto],
  )
  events(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Query() query: CaseEventsQuery) {
    return this.cases.events(p, caseId, query);
  }

  @Reads(
    'bundles/:bundleId',
    ['clerk', 'approver', 'manager'],
    'A 一件事 bundle and its cases; concludedAt is set when the last part concluded',
    BundleDto,
  )
  bundle(@CurrentPrincipal() p: StaffPrincipal, @Param('bundleId', UUID) bundleId: string) {
    return this.cases.bundle(p, bundleId);
  }

  @ReviewMove('claim', ['approver'], 'Claim a case of the own department (an accepted case starts its review)')
  claim(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string) {
    return this.review.claim(p, caseId);
  }

  @ReviewMove('assign', ['manager'], 'Assign (or reassign) a case to an approver of its department', '400 ASSIGNEE_INVALID')
  assign(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: AssignDto) {
    return this.review.assign(p, caseId, dto);
  }

  @ReviewMove('advance', ['approver'], 'Pass the case on to the next step (承办 → 审核 → 批准); 409 AT_FINAL_STEP')
  advance(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string) {
    return this.review.advance(p, caseId);
  }

  @ReviewMove('return', ['approver'], 'Return the case to the previous step (退回), with the reason; 409 AT_FIRST_STEP')
  returnStep(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ReasonDto) {
    return this.review.returnToPrevious(p, caseId, dto);
  }

  @ReviewMove(
    'suspend',
    ['approver', 'manager'],
    'Stop the clock (挂起): waiting for a correction, or a special procedure with kind, reason and expected length',
  )
  suspend(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: SuspendDto) {
    return this.review.suspend(p, caseId, dto);
  }

  @ReviewMove('resume', ['approver', 'manager'], 'Restart the clock; the dues move by the working time suspended')
  resume(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string) {
    return this.review.resume(p, caseId);
  }

  @ReviewMove(
    'extension-request',
    ['approver'],
    'Ask a manager for an extension (延期) before the deadline',
    `409 EXTENSION_AFTER_DEADLINE, EXTENSION_BEYOND_ALLOWANCE (over 10 working days, 15 for 联办件, or a second one), EXTENSION_ALREADY_REQUESTED; ${MOVE_ERRORS}`,
  )
  requestExtension(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ExtensionRequestDto) {
    return this.review.requestExtension(p, caseId, dto);
  }

  @CaseMove(
    'extension-request/approve',
    ['manager'],
    'Grant the pending extension; only before the deadline (409 EXTENSION_AFTER_DEADLINE)',
    '404 EXTENSION_REQUEST_NOT_FOUND',
  )
  approveExtension(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: OptionalReasonDto) {
    return this.review.approveExtension(p, caseId, dto);
  }

  @Acts(
    'cases/:caseId/extension-request/reject',
    ['manager'],
    { summary: 'Refuse the pending extension, with the reason', description: '404 EXTENSION_REQUEST_NOT_FOUND' },
    CaseDto,
  )
  rejectExtension(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ReasonDto) {
    return this.review.rejectExtension(p, caseId, dto);
  }

  @ReviewMove(
    'report',
    ['approver'],
    'Report a 上报件 to the higher authority at the final step; this level concludes as 转报办结',
    `409 NOT_AT_FINAL_STEP; ${MOVE_ERRORS}`,
  )
  report(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ReportDto) {
    return this.review.report(p, caseId, dto);
  }

  @Post('cases/:caseId/decision')
  @Roles('approver')
  @Idempotent()
  @Answers(
    {
      summary:
        'Approve or deny (reason and remedy 行政复议/行政诉讼 required) at the final step; the case concludes and gets a pickup code',
      description: `409 NOT_AT_FINAL_STEP; ILLEGAL_CASE_MOVE while 容缺 materials are owed (approve); ${MOVE_ERRORS}`,
    },
    CaseDto,
    { action: true },
  )
  decide(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: DecisionDto) {
    return this.review.decide(p, caseId, dto);
  }

  @ReviewMove('abort', ['manager'], 'End an undecided case abnormally (异常终止), with the reason')
  abort(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ReasonDto) {
    return this.review.abort(p, caseId, dto);
  }

  @ReviewMove(
    'commitment-check',
    ['manager'],
    'Record the check of a 告知承诺: an untrue commitment revokes the approval and records the applicant as 失信',
    '409 COMMITMENT_CHECK_NOT_APPLICABLE',
  )
  checkCommitment(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: CommitmentCheckDto) {
    return this.review.checkCommitment(p, caseId, dto);
  }
}
