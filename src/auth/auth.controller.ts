import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService } from './auth.service';
import { CurrentPrincipal } from './current-principal.decorator';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import type { Principal } from './principal';
import { Public, Roles } from './roles.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login') @Public() @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password; repeated failures are slowed down (429)' })
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() dto: LoginDto) { return this.auth.login(dto.username, dto.password); }

  @Get('me') @Roles('clerk', 'approver', 'manager', 'admin', 'display', 'kiosk') @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token belongs to' })
  me(@CurrentPrincipal() principal: Principal) { return principal; }
}
