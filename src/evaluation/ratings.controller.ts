import { Body, Controller, Get, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Public } from '../auth/roles.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { HallReads } from '../auth/staff-route.decorator';
import { Answers, Creates } from '../common/http/route-decorators';
import {
  CaseKeyQuery,
  CaseRatingDto,
  RateCaseDto,
  RateVisitDto,
  RatingListDto,
  RatingReceiptDto,
  RatingsQuery,
  VisitRatingDto,
} from './dto/rating.dto';
import { RatingsService } from './ratings.service';

@ApiTags('evaluation')
@Controller()
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post('tickets/:accessCode/rating')
  @Public()
  @Creates(
    {
      summary:
        "Rate a finished visit (一次一评) by its ticket's access code: from the citizen's ticket page or the window's rating pad. Rate-limited per client address",
      description:
        'A 1 or 2 (差评) opens a rectification task. 404 TICKET_NOT_FOUND, 409 VISIT_NOT_FINISHED / ALREADY_RATED, ' +
        "400 RATING_REASONS_ONLY_FOR_POOR, 403 RATING_BY_STAFF_FORBIDDEN with a staff token (nobody rates on the citizen's behalf), 429 for a flooding client.",
    },
    RatingReceiptDto,
  )
  rateVisit(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('accessCode') accessCode: string,
    @Body() dto: RateVisitDto,
    @Ip() ip: string,
  ) {
    return this.ratings.rateVisit(p, accessCode, dto, ip);
  }

  @Get('tickets/:accessCode/rating')
  @Public()
  @Answers("Whether the citizen's visit can be rated, or the rating given", VisitRatingDto)
  visitRating(@Param('accessCode') accessCode: string) {
    return this.ratings.visitRating(accessCode);
  }

  @Post('cases/rating')
  @Public()
  @Creates(
    {
      summary:
        'Rate a case online (一事一评) with its number and query code, once it is concluded (or not accepted). Rate-limited per client address',
      description:
        'A 1 or 2 (差评) opens a rectification task. 404 CASE_NOT_FOUND for a wrong number or code alike, 409 CASE_NOT_FINISHED / ALREADY_RATED, ' +
        '400 RATING_REASONS_ONLY_FOR_POOR, 403 RATING_BY_STAFF_FORBIDDEN with a staff token, 429 for a flooding client.',
    },
    RatingReceiptDto,
  )
  rateCase(@CurrentPrincipal() p: Principal | undefined, @Body() dto: RateCaseDto, @Ip() ip: string) {
    return this.ratings.rateCase(p, dto, ip);
  }

  @Get('case-rating')
  @Public()
  @Answers("Whether the citizen's case can be rated, or the rating given. Rate-limited per client address", CaseRatingDto)
  caseRating(@Query() key: CaseKeyQuery, @Ip() ip: string) {
    return this.ratings.caseRating(key, ip);
  }

  @HallReads(
    'halls/:hallId/ratings',
    ['manager', 'admin'],
    'Ratings of a hall, newest first, filtered by period, level, channel, window, clerk, category, department or item, with the counts per level and the rates',
    RatingListDto,
  )
  @ApiBearerAuth()
  list(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Query() query: RatingsQuery) {
    return this.ratings.list(p, hallId, query);
  }
}
