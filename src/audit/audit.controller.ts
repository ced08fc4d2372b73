import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Answers, Downloads } from '../common/http/route-decorators';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator';
import { AuditService } from './audit.service';
import { AuditExportQuery, AuditPageDto, AuditQuery, ChainVerificationDto } from './dto/audit.dto';
import { Reads } from '../auth/staff-route.decorator';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('audit_admin')
  @Answers('The audit trail of staff actions, newest first, filtered and paged (audit administrator only)', AuditPageDto)
  search(@Query() q: AuditQuery) {
    return this.audit.search(q);
  }

  @Get('export')
  @Roles('audit_admin')
  @Downloads('The filtered audit trail as CSV, oldest first; the export is itself recorded in the trail', ['text/csv'])
  async export(@Query() q: AuditExportQuery, @Res() res: FastifyReply) {
    await this.audit.exportCsv(res, q);
  }

  @Reads(
    'verify',
    ['audit_admin'],
    {
      summary: 'Walk the SM3 hash chain and report the first record that does not verify',
      description:
        'Each record holds SM3(previous hash ‖ canonical record). A changed, removed or re-hashed record breaks the chain there; records cut off the end show against the chain head.',
    },
    ChainVerificationDto,
  )
  verify() {
    return this.audit.verify();
  }
}
