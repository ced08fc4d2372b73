import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditTrail } from '../audit/audit-trail.service';
import { AppException } from '../common/errors/app-exception';
import { AuthService } from './auth.service';
import { CurrentPrincipal } from './current-principal.decorator';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import { STAFF_ROLES, type Principal } from './principal';
import { Public, Roles } from './roles.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditTrail,
  ) {}

  @Post('login') @Public() @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password; repeated failures are slowed down (429)' })
  @ApiOkResponse({ type: LoginResponseDto })
  async login(@Body() dto: LoginDto) {
    let session: Awaited<ReturnType<AuthService['login']>>;
    try {
      session = await this.auth.login(dto.username, dto.password);
    } catch (err) {
      // The name tried is kept as typed (at most 64 characters by the DTO), the password never.
      const code = err instanceof AppException ? err.code : 'INTERNAL_ERROR';
      await this.audit.recordQuietly({
        action: 'auth.login', actor: { kind: 'anonymous', username: dto.username }, result: code === 'LOGIN_THROTTLED' ? 'denied' : 'failed', detail: { code },
      });
      throw err;
    }
    const { user } = session;
    await this.audit.record({
      action: 'auth.login', actor: { kind: 'user', id: user.id, username: user.username, role: user.role }, targetType: 'user', targetId: user.id, result: 'success',
    });
    return session;
  }

  @Get('me') @Roles(...STAFF_ROLES, 'display', 'kiosk') @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token belongs to' })
  me(@CurrentPrincipal() principal: Principal) { return principal; }
}
