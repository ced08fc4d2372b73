import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditTrail } from './audit-trail.service';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditService } from './audit.service';
import { AuthEventsRecorder } from './auth-events.recorder';

/**
 * The audit trail of staff actions (等保 level 3): every module records through AuditTrail, which
 * appends to the SM3 hash chain; the audit administrator reads, exports and verifies it here.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditTrail, AuditService, AuthEventsRecorder, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditTrail],
})
export class AuditModule {}
