import { Body, Controller, Get, Ip, Param, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { filePart, MULTIPART_ROUTE, UPLOAD_BODY, UPLOAD_ERRORS } from './case-files.controller';
import {
  OnlineApplicationDto, OnlineApplicationResultDto, OnlineCatalogueQuery, OnlineDraftQuery, OnlineItemDto, OnlineStagedFileDto,
} from './dto/online-application.dto';
import { OnlineApplicationsService } from './online-applications.service';

/** 网上申办: the citizen's online application, no login (the page /apply). */
@ApiTags('cases: online applications')
@Controller()
export class OnlineApplicationsController {
  constructor(private readonly online: OnlineApplicationsService) {}

  @Get('halls/:hallId/online-items') @Public()
  @ApiOperation({
    summary: 'The hall\'s active items by part of the name or code (?q=), each with its 一次性告知: materials, limits, fees, delivery, 告知承诺, 全程网办',
    description: '404 HALL_NOT_FOUND; 429 when one address asks too often. At most 50 items.',
  })
  @ApiOkResponse({ type: [OnlineItemDto] })
  catalogue(@Param('hallId', UUID) hallId: string, @Query() query: OnlineCatalogueQuery, @Ip() ip: string) {
    return this.online.catalogue(hallId, query.q, ip);
  }

  @Post('halls/:hallId/online-uploads') @Public() @RouteConfig(MULTIPART_ROUTE)
  @ApiOperation({
    summary: 'Upload a material file to an online application draft (multipart, field "file"; ?draft=<token> for every file after the first)',
    description: `${UPLOAD_ERRORS} 404 HALL_NOT_FOUND; 429 when one address uploads too often. The draft's files together stay within MATERIAL_CASE_MAX_MB; a draft never submitted is removed after 24 hours.`,
  })
  @ApiConsumes('multipart/form-data') @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ type: OnlineStagedFileDto })
  upload(@Param('hallId', UUID) hallId: string, @Query() query: OnlineDraftQuery, @Ip() ip: string, @Req() req: FastifyRequest) {
    return this.online.upload(hallId, query.draft, ip, () => filePart(req, this.online.maxFileBytes));
  }

  @Post('halls/:hallId/online-applications') @Public()
  @ApiOperation({
    summary: 'Submit an online application: a case in received (channel online) waiting for 网上预审; answers its case number and query code',
    description: '400 VALIDATION_FAILED, APPLICANT_ID_INVALID (check character), ONLINE_MATERIALS_MISSING (a required material without a file), '
      + 'MATERIAL_UNKNOWN, APPLICATION_MATERIAL_DUPLICATE, COMMITMENT_NOT_ACCEPTED, UPLOAD_NOT_FOUND (not a file of this draft, or used already); '
      + '409 COMMITMENT_NOT_OFFERED, ITEM_INACTIVE, DELIVERY_NOT_OFFERED; 404 HALL_NOT_FOUND, ITEM_NOT_FOUND; 429 when one address submits too often.',
  })
  @ApiCreatedResponse({ type: OnlineApplicationResultDto })
  submit(@Param('hallId', UUID) hallId: string, @Body() dto: OnlineApplicationDto, @Ip() ip: string) {
    return this.online.submit(hallId, dto, ip);
  }
}
