import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { StaffPrincipal } from '../auth/principal';
import { AcceptanceService } from './acceptance.service';
import { CaseFilesService } from './case-files.service';
import { CaseFileDto } from './dto/case-file.dto';
import { CaseLookupQuery } from './dto/pickup.dto';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/roles.decorator';
import { AnyHall } from '../auth/hall-scope.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { HallReads } from '../auth/staff-route.decorator';
import { CaseMove } from './case-move.decorator';
import { Answers, Creates } from '../common/http/route-decorators';
import { filePart, Uploads } from './case-files.controller';
import {
  OnlineApplicationDto,
  OnlineApplicationResultDto,
  OnlineCatalogueQuery,
  OnlineDraftQuery,
  OnlineItemDto,
  OnlineResubmissionDto,
  OnlineMeasuresDto,
  OnlineMeasuresQuery,
  OnlineStagedFileDto,
  OnlineVisitAdviceDto,
  PreExaminationDto,
  PreExaminationEntryDto,
} from './dto/online-application.dto';
import { OnlineApplicationsService } from './online-applications.service';

/** 网上申办: the citizen's online application, no login (the page /apply). */
@ApiTags('cases: online applications')
@Controller()
export class OnlineApplicationsController {
  constructor(
    private readonly online: OnlineApplicationsService,
    private readonly acceptance: AcceptanceService,
    private readonly files: CaseFilesService,
  ) {}

  @Get('halls/:hallId/online-items')
  @AnyHall('open to citizens: any hall that exists')
  @Public()
  @Answers(
    {
      summary:
        "The hall's active items by part of the name or code (?q=), each with its 一次性告知: materials, limits, fees, delivery, 告知承诺, 全程网办",
      description: '404 HALL_NOT_FOUND; 429 when one address asks too often. At most 50 items.',
    },
    [OnlineItemDto],
  )
  catalogue(@Param('hallId', UUID) hallId: string, @Query() query: OnlineCatalogueQuery, @Ip() ip: string) {
    return this.online.catalogue(hallId, query.q, ip);
  }

  @Post('halls/:hallId/online-uploads')
  @AnyHall('open to citizens: any hall that exists')
  @Public()
  @Uploads(
    'Upload a material file to an online application draft (multipart, field "file"; ?draft=<token> for every file after the first)',
    "404 HALL_NOT_FOUND; 429 when one address uploads too often. The draft's files together stay within MATERIAL_CASE_MAX_MB; a draft never submitted is removed after 24 hours.",
    OnlineStagedFileDto,
  )
  upload(@Param('hallId', UUID) hallId: string, @Query() query: OnlineDraftQuery, @Ip() ip: string, @Req() req: FastifyRequest) {
    return this.online.upload(hallId, query.draft, ip, () => filePart(req, this.online.maxFileBytes));
  }

  @Post('halls/:hallId/online-applications')
  @AnyHall('open to citizens: any hall that exists')
  @Public()
  @Creates(
    {
      summary:
        'Submit an online application: a case in received (channel online) waiting for 网上预审; answers its case number and query code',
      description:
        '400 VALIDATION_FAILED, APPLICANT_ID_INVALID (check character), ONLINE_MATERIALS_MISSING (a required material without a file), ' +
        'MATERIAL_UNKNOWN, APPLICATION_MATERIAL_DUPLICATE, COMMITMENT_NOT_ACCEPTED, UPLOAD_NOT_FOUND (not a file of this draft, or used already); ' +
        '409 COMMITMENT_NOT_OFFERED, ITEM_INACTIVE, DELIVERY_NOT_OFFERED; 404 HALL_NOT_FOUND, ITEM_NOT_FOUND; 429 when one address submits too often.',
    },
    OnlineApplicationResultDto,
  )
  submit(@Param('hallId', UUID) hallId: string, @Body() dto: OnlineApplicationDto, @Ip() ip: string) {
    return this.online.submit(hallId, dto, ip);
  }

  @HallReads(
    'halls/:hallId/pre-examinations',
    ['clerk', 'manager'],
    "网上预审: the hall's online cases waiting for a clerk (received), longest waiting first, with the time waited",
    [PreExaminationEntryDto],
  )
  @ApiBearerAuth()
  waiting(@Param('hallId', UUID) hallId: string) {
    return this.online.waiting(hallId);
  }

  @CaseMove(
    'pre-examination',
    ['clerk'],
    '网上预审 of an online case: pass (accepted, the working-day clock starts), correct (补正 with the list, notice to the applicant) or refuse (不予受理 with the reason, notice)',
    '409 NOT_AN_ONLINE_CASE, ILLEGAL_CASE_MOVE (not waiting in received), MATERIALS_INCOMPLETE and the other acceptance refusals for a pass without the required files; 400 CASE_INPUT_MISSING (missingMaterials for correct, reason for refuse).',
  )
  @ApiBearerAuth()
  preExamine(@CurrentPrincipal() p: StaffPrincipal, @Param('caseId', UUID) caseId: string, @Body() dto: PreExaminationDto) {
    return this.acceptance.preExamine(p, caseId, dto);
  }

  @Post('case-materials/:index/files')
  @Public()
  @Uploads(
    '补正 online: the applicant adds a file to material {index} of their online case, or a corrected version of ?replaces=<fileId> (by ?no= and ?code=)',
    '404 CASE_NOT_FOUND, MATERIAL_NOT_FOUND; 409 CASE_FILES_CLOSED (only an online case waiting for its 补正); 429 as for case lookups.',
    CaseFileDto,
  )
  reupload(@Param('index') index: string, @Query() query: OnlineResubmissionDto, @Ip() ip: string, @Req() req: FastifyRequest) {
    return this.files.uploadForApplicant(query.no, query.code, ip, index, query.replaces, () => filePart(req, this.online.maxFileBytes));
  }

  @Post('case-resubmission')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: '补正 done online: the applicant sends their case back to the 网上预审 list (by ?no= and ?code=)',
    description: '404 CASE_NOT_FOUND; 409 NOT_AN_ONLINE_CASE, ILLEGAL_CASE_MOVE (no 补正 was asked); 429 as for case lookups.',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['received'] } } } })
  resubmit(@Query() query: CaseLookupQuery, @Ip() ip: string) {
    return this.online.resubmit(query.no, query.code, ip);
  }

  @HallReads(
    'halls/:hallId/online-measures',
    ['manager'],
    'Measures of the online channel over the cases received from..to: 网办率, 预审通过率, time to 预审, 跑动次数, 免证 share',
    OnlineMeasuresDto,
  )
  @ApiBearerAuth()
  measures(@Param('hallId', UUID) hallId: string, @Query() query: OnlineMeasuresQuery) {
    return this.online.measures(hallId, query.from, query.to);
  }

  @Get('case-visit')
  @Public()
  @Answers(
    {
      summary:
        '只跑一次: for an online case that passed 预审, whether a visit is still needed (not 全程网办), the originals to bring and whether it can be booked (by ?no= and ?code=)',
      description: '404 CASE_NOT_FOUND; 429 as for case lookups.',
    },
    OnlineVisitAdviceDto,
  )
  visit(@Query() query: CaseLookupQuery, @Ip() ip: string) {
    return this.online.visitAdvice(query.no, query.code, ip);
  }
}
