import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UUID } from '../common/http/uuid.pipe';
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
import { STAFF_ROLES, type Principal, type StaffPrincipal } from './principal';
import { AllowDuring, Public, Roles } from './roles.decorator';
import type { SessionRestriction } from './sessions.service';

type RequestWithSession = { sessionRestriction?: SessionRestriction | null };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with username and password',
    description:
      "Each attempt is counted before the password is checked, per username and client address (growing waits after 5) and, for addresses that never signed in to the account, per username (429 LOGIN_THROTTLED). The answer's `step` says what comes next.",
  })
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() dto: LoginDto, @Ip() ip: string) {
    return this.auth.login(dto.username, dto.password, ip);
  }

  @Post('login/totp')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Second step: the code of the authenticator app (each once) or a recovery code (used up)' })
  @ApiOkResponse({ type: LoginResponseDto })
  loginTotp(@Body() dto: LoginTotpDto, @Ip() ip: string) {
    return this.auth.loginTotp(dto.challenge, dto.code, ip);
  }

  @Post('logout')
  @Roles(...STAFF_ROLES)
  @AllowDuring('password-change', 'totp-enrol')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({ summary: "End this token's session, on every instance and its sockets" })
  @ApiNoContentResponse({ description: 'Ended' })
  async logout(@CurrentPrincipal() p: StaffPrincipal, @Ip() ip: string): Promise<void> {
    await this.auth.logout(p, ip);
  }

  @Post('password')
  @Roles(...STAFF_ROLES)
  @AllowDuring('password-change')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the own password: ends every session of the account and answers with the next one' })
  @ApiOkResponse({ type: LoginResponseDto })
  changePassword(@CurrentPrincipal() p: StaffPrincipal, @Body() dto: ChangePasswordDto, @Ip() ip: string) {
    return this.auth.changePassword(p, dto.currentPassword, dto.newPassword, ip);
  }

  @Get('totp')
  @Roles(...STAFF_ROLES)
  @AllowDuring('totp-enrol')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Whether the own account uses TOTP, must, and how many recovery codes are left' })
  @ApiOkResponse({ type: TotpStatusDto })
  totpStatus(@CurrentPrincipal() p: StaffPrincipal) {
    return this.auth.totpStatus(p);
  }

  @Post('totp/enrol')
  @Roles(...STAFF_ROLES)
  @AllowDuring('totp-enrol')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start TOTP enrolment: a new seed, its otpauth URI and QR code (not in force until confirmed)' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  enrol(@CurrentPrincipal() p: StaffPrincipal) {
    return this.auth.beginTotp(p);
  }

  @Post('totp/confirm')
  @Roles(...STAFF_ROLES)
  @AllowDuring('totp-enrol')
  @ApiBearerAuth()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm enrolment with a first code: TOTP holds from now; the recovery codes are shown this once' })
  @ApiOkResponse({ type: TotpConfirmedDto })
  confirm(@CurrentPrincipal() p: StaffPrincipal, @Req() req: RequestWithSession, @Body() dto: TotpCodeDto, @Ip() ip: string) {
    return this.auth.confirmTotp(p, req.sessionRestriction ?? null, dto.code, ip);
  }

  @Delete('totp/:userId')
  @Roles('security_admin')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: "Switch off an account's TOTP (a lost phone with no recovery code left)",
    description: 'Its seed and recovery codes are deleted; if its role requires TOTP, its next sign-in enrols afresh. 404 USER_NOT_FOUND.',
  })
  @ApiNoContentResponse({ description: 'Switched off' })
  async resetTotp(@CurrentPrincipal() p: StaffPrincipal, @Param('userId', UUID) userId: string, @Ip() ip: string): Promise<void> {
    await this.auth.resetTotp(p, userId, ip);
  }

  @Get('sessions')
  @Roles(...STAFF_ROLES)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The own sessions that are still open' })
  @ApiOkResponse({ type: [OwnSessionDto] })
  sessions(@CurrentPrincipal() p: StaffPrincipal) {
    return this.auth.ownSessions(p);
  }

  @Get('me')
  @Roles(...STAFF_ROLES, 'display', 'kiosk')
  @AllowDuring('password-change', 'totp-enrol')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token belongs to' })
  me(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}
