import { Controller, Get, Ip, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Answers } from '../common/http/route-decorators';
import { Public } from '../auth/roles.decorator';
import { CasesService } from './cases.service';
import { CaseLiveViewDto } from './dto/case.dto';
import { CaseLookupQuery } from './dto/pickup.dto';

/** The citizen's case page: no login, the case number and query code are the key. */
@ApiTags('cases: citizen')
@Controller()
export class CitizenCasesController {
  constructor(private readonly cases: CasesService) {}

  @Get('case-live')
  @Public()
  @Answers(
    {
      summary:
        'A citizen\'s own case by number and query code: status, due date, steps, masked applicant (live: socket subscribe {kind: "case", caseNumber, queryCode})',
      description:
        '404 CASE_NOT_FOUND for a wrong number or code alike; 429 when one address asks too often (live subscriptions count with these lookups).',
    },
    CaseLiveViewDto,
  )
  async live(@Query() query: CaseLookupQuery, @Ip() ip: string) {
    return this.cases.liveView(query.no, query.code, ip);
  }
}
