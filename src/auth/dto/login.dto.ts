import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { STAFF_ROLES } from '../principal';
import { NonBlankString } from '../../common/validation/non-blank-string';

export class LoginDto {
  @NonBlankString(64, { example: 'admin' }) username: string;
  @ApiProperty({ example: 'OneWindow#2026' }) @IsString() @IsNotEmpty() @MaxLength(256) password: string;
}

export class LoginTotpDto {
  @ApiProperty({ description: 'From the first step (POST /api/auth/login answered step `totp`)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  challenge: string;
  @ApiProperty({ description: 'The 6 digits of the authenticator app, or an unused recovery code (XXXXX-XXXXX)', example: '123456' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  code: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(256) currentPassword: string;
  @ApiProperty({ description: 'Must meet the password policy; PASSWORD_POLICY lists the rules broken in details.rules' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  newPassword: string;
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' }) @IsString() @IsNotEmpty() @MaxLength(20) code: string;
}

class SessionUserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: string;
  @ApiProperty({ type: [String] }) hallIds: string[];
  @ApiProperty({ type: String, nullable: true }) departmentId: string | null;
}

export class LoginResponseDto {
  @ApiProperty({
    enum: ['done', 'change-password', 'enrol-totp', 'totp'],
    description:
      '`done`: signed in. `change-password` / `enrol-totp`: the token may only do that (POST /api/auth/password, /api/auth/totp/*), then a full one is issued. `totp`: send the code with `challenge` to POST /api/auth/login/totp',
  })
  step: string;
  @ApiPropertyOptional({ description: 'Bearer token for the Authorization header (not with step `totp`)' }) token?: string;
  @ApiPropertyOptional({ description: 'For step `totp`: what POST /api/auth/login/totp needs, valid 5 minutes' }) challenge?: string;
  @ApiProperty({ description: 'When the token or the challenge runs out' }) expiresAt: Date;
  @ApiPropertyOptional({ description: 'A session with no request for this long ends (SESSION_IDLE)' }) idleTimeoutSeconds?: number;
  @ApiPropertyOptional({ type: SessionUserDto }) user?: SessionUserDto;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'Base32 seed, for typing into the app by hand' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/…' }) uri: string;
  @ApiProperty({ description: 'The URI as a QR code, data:image/png;base64,…' }) qrDataUrl: string;
}

export class TotpConfirmedDto {
  @ApiProperty({ type: [String], description: 'Ten single-use recovery codes: shown this once, stored only as hashes' })
  recoveryCodes: string[];
  @ApiProperty({
    type: LoginResponseDto,
    nullable: true,
    description: 'For a session that existed only to enrol: the full session that replaces it',
  })
  signIn: LoginResponseDto | null;
}

export class TotpStatusDto {
  @ApiProperty() enrolled: boolean;
  @ApiProperty({ description: "Whether the account's role must use TOTP" }) required: boolean;
  @ApiProperty() unusedRecoveryCodes: number;
}

export class OwnSessionDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true, description: 'Client address at sign-in' }) source: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ description: 'Trails the last request by up to a tenth of the idle timeout (at most a minute)' }) lastSeenAt: Date;
  @ApiProperty({ description: 'The session of this request' }) current: boolean;
}
