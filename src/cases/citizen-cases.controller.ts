import { Controller, Get, Ip, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { PublicRateLimiter } from '../queue/public-rate-limiter';
import { CasesService } from './cases.service';
import { CaseLiveViewDto } from './dto/case.dto';
import { CaseLookupQuery } from './dto/pickup.dto';

/** The citizen's case page: no login, the case number and query code are the key. */
@ApiTags('cases: citizen')
@Controller()
export class CitizenCasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly limiter: PublicRateLimiter,
  ) {}

  @Get('case-live') @Public()
  @ApiOperation({
    summary: 'A citizen\'s own case by number and query code: status, due date, steps, masked applicant (live: socket subscribe {kind: "case", caseNumber, queryCode})',
    description: '404 CASE_NOT_FOUND for a wrong number or code alike; 429 when one address asks too often.',
  })
  @ApiOkResponse({ type: CaseLiveViewDto })
  async live(@Query() query: CaseLookupQuery, @Ip() ip: string) {
    await this.limiter.hit('case-lookup', ip);
    return this.cases.liveView(query.no, query.code);
  }
}
