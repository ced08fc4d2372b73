import { Body, Controller, Get, Param, ParseEnumPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { StaffPrincipal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { AppException } from '../common/errors/app-exception';
import { UUID } from '../common/http/uuid.pipe';
import { Creates } from '../common/http/route-decorators';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { AcceptanceService } from './acceptance.service';
import { CaseMove } from './case-move.decorator';
import { CaseDocumentsService, DOCUMENT_CSP } from './case-documents.service';
import { DOCUMENT_KINDS, DocumentKind } from './domain/case-vocabulary';
import {
  CreateApplicationDto,
  MaterialAssessmentRequestDto,
  ResubmissionDto,
  WithdrawDto,
  CaseNumberQuery,
  OriginalsSightedDto,
} from './dto/application.dto';
import { ApplicationResultDto, CaseDto, MaterialAssessmentDto } from './dto/case.dto';
import { Acts, HallReads } from '../auth/staff-route.decorator';

const KIND = new ParseEnumPipe(Object.fromEntries(DOCUMENT_KINDS.map((k) => [k, k])), {
  exceptionFactory: () => new AppException('ROUTE_NOT_FOUND'),
});

/** The front window (综合受理): applications, corrections, 容缺 materials brought in, withdrawals, and the printed notices. */
@ApiTags('cases: front window')
@ApiBearerAuth()
@Controller()
export class AcceptanceController {
  constructor(
    private readonly acceptance: AcceptanceService,
    private readonly documents: CaseDocumentsService,
  ) {}

  @Post('halls/:hallId/applications')
  @HallScoped()
  @Roles('clerk')
  @Idempotent()
  @Creates(
    {
      summary: 'Accept an application at the window: one case per item (a bundle 一件事 for several), each with its decision',
      description:
        '400 APPLICANT_ID_INVALID (with the failed check), REQUIRED_MATERIAL_MISSING (names), MATERIAL_UNKNOWN, OBLIGATION_DUE_INVALID; ' +
        '409 TICKET_NOT_SERVED, COMMITMENT_NOT_OFFERED, DEFERRAL_BARRED_DISHONEST, COMMITMENT_BARRED_DISHONEST, DEFERRAL_NOT_POSSIBLE, NOTHING_MISSING, DELIVERY_NOT_OFFERED. ' +
        '即办件 conclude (and are handed over) at once; 告知承诺 cases are approved at once.',
    },
    ApplicationResultDto,
  )
  apply(@CurrentPrincipal() p: StaffPrincipal, @Param('hallId', UUID) hallId: string, @Body() dto: CreateApplicationDto) {
    return this.acceptance.apply(p, hallId, dto);
  }

  @CaseMove(
    'resubmission',
    ['clerk'],
    'The applicant is back after a 一次性告知: check the materials again and decide (counts as another visit)',
  )
  resubmit(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: ResubmissionDto) {
    return this.acceptance.resubmit(p, caseId, dto);
  }

  @HallReads(
    'halls/:hallId/case-by-number',
    ['clerk'],
    {
      summary: 'A case of the hall by the number the applicant gives (?no=): the window finds a pre-examined online case to complete',
      description: '404 CASE_NOT_FOUND; 403 HALL_ACCESS_DENIED.',
    },
    CaseDto,
  )
  byNumber(@CurrentPrincipal() p: StaffPrincipal, @Param('hallId', UUID) hallId: string, @Query() query: CaseNumberQuery) {
    return this.acceptance.findByNumber(p, hallId, query.no);
  }

  @CaseMove(
    'originals-sighted',
    ['clerk'],
    '只跑一次: the applicant of an online case that passed 预审 brought the originals; the acceptance is completed from the pre-examined case (its files kept) and the trip counts as its visit',
    '409 NOT_AN_ONLINE_CASE, ORIGINALS_NOT_DUE (not passed yet), ORIGINALS_NOT_NEEDED (全程网办), ORIGINALS_ALREADY_SIGHTED; 409 TICKET_NOT_SERVED when ticketId is not the ticket this clerk serves.',
  )
  sightOriginals(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: OriginalsSightedDto) {
    return this.acceptance.sightOriginals(p, caseId, dto);
  }

  @Acts(
    'cases/:caseId/obligations/:obligationId/fulfil',
    ['clerk', 'approver'],
    'A 容缺 material was brought in before its due date',
    CaseDto,
  )
  fulfil(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Param('obligationId', UUID) obligationId: string) {
    return this.acceptance.fulfilObligation(p, caseId, obligationId);
  }

  @CaseMove(
    'withdraw',
    ['clerk', 'manager'],
    "Record the applicant's withdrawal (撤销申请) of an undecided case, with its reason",
    'By the clerk who accepted the case or a manager of the hall; another clerk gets 403 WITHDRAWAL_NOT_PERMITTED.',
  )
  withdraw(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: WithdrawDto) {
    return this.acceptance.withdraw(p, caseId, dto);
  }

  @Acts(
    'items/:itemId/material-assessment',
    ['clerk'],
    'Which decisions a checklist allows (and why not the others), before deciding; with an ID number also checks the 失信 list',
    MaterialAssessmentDto,
  )
  assess(@CurrentPrincipal() p: StaffPrincipal, @Param('itemId', UUID) itemId: string, @Body() dto: MaterialAssessmentRequestDto) {
    return this.acceptance.assess(p, itemId, dto);
  }

  @Get('cases/:caseId/documents/:kind')
  @Roles('clerk', 'manager')
  @ApiOperation({
    summary: 'A printable notice (A4 HTML): 受理通知书, 一次性告知书, 不予受理通知书 or the pickup slip, with a QR code to the case page',
    description: '409 DOCUMENT_NOT_APPLICABLE when the case has no such notice (e.g. a refusal notice for an accepted case).',
  })
  @ApiParam({ name: 'kind', enum: DOCUMENT_KINDS })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'text/html', schema: { type: 'string' } })
  async document(
    @CurrentPrincipal() p: StaffPrincipal,
    @Param('caseId', UUID) caseId: string,
    @Param('kind', KIND) kind: DocumentKind,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<string> {
    const html = await this.documents.render(p, caseId, kind, `${req.protocol}://${req.host}`);
    // Set only once rendered, so that an error still goes out as JSON.
    res.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').header('Content-Security-Policy', DOCUMENT_CSP);
    return html;
  }
}
