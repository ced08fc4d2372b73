import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { STAFF_ROLES, StaffRole } from '../../auth/principal';
import { NonBlankString, OptionalNonBlankString } from '../../common/validation/non-blank-string';

export class CreateUserDto {
  @ApiProperty({ example: 'clerk2' })
  @Matches(/^[A-Za-z0-9._-]{3,40}$/, { message: 'username 只能包含字母、数字和 ._-，长度 3–40' })
  username: string;
  @ApiProperty({
    description: 'Must meet the password policy (PASSWORD_POLICY lists the rules broken); the holder changes it at first sign-in',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
  @NonBlankString(50, { example: '王晓明' }) displayName: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: StaffRole;
  @ApiPropertyOptional({ description: 'Required for approvers: the department whose cases they work on' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;
  @ApiProperty({ type: [String], description: 'Halls the user belongs to' })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  hallIds: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({
    description: 'A new password (policy as on create) ends every session of the account; its holder changes it at the next sign-in',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password?: string;
  @ApiPropertyOptional() @OptionalNonBlankString(50) displayName?: string;
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @IsOptional() @IsIn(STAFF_ROLES) role?: StaffRole;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) @IsOptional() @IsUUID() departmentId?: string | null;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  hallIds?: string[];
  @ApiPropertyOptional({ description: 'false ends every session of the account' }) @IsOptional() @IsBoolean() active?: boolean;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ description: 'Only staff of this hall (required for managers)' }) @IsOptional() @IsUUID() hallId?: string;
}
