import { ApiProperty } from '@nestjs/swagger';
import { STAFF_ROLES, StaffRole } from '../../auth/principal';
import type { User } from '../entities/user.entity';

/** A staff account as the API shows it: never its password hash or session generation. */
export class UserDto implements Omit<User, 'passwordHash' | 'sessionGeneration' | 'passwordChangedAt'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'The password an administrator gave is replaced at the next sign-in' }) mustChangePassword: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) hallIds: string[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
