import { applyDecorators, Body, Controller, Delete, Get, Ip, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { UUID } from '../common/http/uuid.pipe';
import { Answers, NoContent } from '../common/http/route-decorators';
import { AuthService } from './auth.service';
import { CurrentPrincipal } from './current-principal.decorator';
import {
  ChangePasswordDto,
  LoginDto,
  LoginResponseDto,
  LoginTotpDto,
  OwnSessionDto,
  TotpCodeDto,
  TotpConfirmedDto,
  TotpEnrolmentDto,
  TotpStatusDto,
} from './dto/login.dto';
import { DevicePrincipalDto, StaffPrincipalDto } from './dto/principal.dto';
import { STAFF_ROLES, type Principal, type StaffPrincipal } from './principal';
import { AllowDuring, Public, Roles } from './roles.decorator';
import type { SessionRestriction } from './sessions.service';

type RequestWithSession = { sessionRestriction?: SessionRestriction | null };

/** A staff member's own account, by bearer token; `during` admits a session that must first change its password or enrol TOTP. */
const OwnAccount = (...during: SessionRestriction[]) => applyDecorators(Roles(...STAFF_ROLES), AllowDuring(...during), ApiBearerAuth());

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @Answers(
    {
      summary: 'Sign in with username and password',
      description:
        "Each attempt is counted before the password is checked, per username and client address (growing waits after 5) and, for addresses that never signed in to the account, per username (429 LOGIN_THROTTLED). The answer's `step` says what comes next.",
    },
    LoginResponseDto,
    { action: true },
  )
  login(@Body() dto: LoginDto, @Ip() ip: string) {
    return this.auth.login(dto.username, dto.password, ip);
  }

  @Post('login/totp')
  @Public()
  @Answers('Second step: the code of the authenticator app (each once) or a recovery code (used up)', LoginResponseDto, { action: true })
  loginTotp(@Body() dto: LoginTotpDto, @Ip() ip: string) {
    return this.auth.loginTotp(dto.challenge, dto.code, ip);
  }

  @Post('logout')
  @OwnAccount('password-change', 'totp-enrol')
  @NoContent("End this token's session, on every instance and its sockets", 'Ended')
  async logout(@CurrentPrincipal() p: StaffPrincipal, @Ip() ip: string): Promise<void> {
    await this.auth.logout(p, ip);
  }

  @Post('password')
  @OwnAccount('password-change')
  @Answers('Change the own password: ends every session of the account and answers with the next one', LoginResponseDto, { action: true })
  changePassword(@CurrentPrincipal() p: StaffPrincipal, @Body() dto: ChangePasswordDto, @Ip() ip: string) {
    return this.auth.changePassword(p, dto.currentPassword, dto.newPassword, ip);
  }

  @Get('totp')
  @OwnAccount('totp-enrol')
  @Answers('Whether the own account uses TOTP, must, and how many recovery codes are left', TotpStatusDto)
  totpStatus(@CurrentPrincipal() p: StaffPrincipal) {
    return this.auth.totpStatus(p);
  }

  @Post('totp/enrol')
  @OwnAccount('totp-enrol')
  @Answers('Start TOTP enrolment: a new seed, its otpauth URI and QR code (not in force until confirmed)', TotpEnrolmentDto, {
    action: true,
  })
  enrol(@CurrentPrincipal() p: StaffPrincipal) {
    return this.auth.beginTotp(p);
  }

  @Post('totp/confirm')
  @OwnAccount('totp-enrol')
  @Answers('Confirm enrolment with a first code: TOTP holds from now; the recovery codes are shown this once', TotpConfirmedDto, {
    action: true,
  })
  confirm(@CurrentPrincipal() p: StaffPrincipal, @Req() req: RequestWithSession, @Body() dto: TotpCodeDto, @Ip() ip: string) {
    return this.auth.confirmTotp(p, req.sessionRestriction ?? null, dto.code, ip);
  }

  @Delete('totp/:userId')
  @Roles('security_admin')
  @ApiBearerAuth()
  @NoContent(
    {
      summary: "Switch off an account's TOTP (a lost phone with no recovery code left)",
      description:
        'Its seed and recovery codes are deleted; if its role requires TOTP, its next sign-in enrols afresh. 404 USER_NOT_FOUND.',
    },
    'Switched off',
  )
  async resetTotp(@CurrentPrincipal() p: StaffPrincipal, @Param('userId', UUID) userId: string, @Ip() ip: string): Promise<void> {
    await this.auth.resetTotp(p, userId, ip);
  }

  @Get('sessions')
  @OwnAccount()
  @Answers('The own sessions that are still open', [OwnSessionDto])
  sessions(@CurrentPrincipal() p: StaffPrincipal) {
    return this.auth.ownSessions(p);
  }

  @Get('me')
  @Roles(...STAFF_ROLES, 'display', 'kiosk')
  @AllowDuring('password-change', 'totp-enrol')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token belongs to: a staff account or a device' })
  @ApiExtraModels(StaffPrincipalDto, DevicePrincipalDto)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(StaffPrincipalDto) }, { $ref: getSchemaPath(DevicePrincipalDto) }] } })
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}
