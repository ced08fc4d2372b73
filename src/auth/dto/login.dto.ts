import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../common/validation/not-blank';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @IsNotBlank() @MaxLength(64) username: string;
  @ApiProperty({ example: 'onewindow-admin' }) @IsString() @IsNotEmpty() @MaxLength(256) password: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header' }) token: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ description: 'The signed-in user (id, username, role, halls, department)' }) user: Record<string, unknown>;
}
