import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEVICE_ROLES, DeviceRole, DevicePrincipal, STAFF_ROLES, StaffPrincipal, StaffRole } from '../principal';

export class StaffPrincipalDto implements StaffPrincipal {
  @ApiProperty({ enum: ['user'] }) kind: 'user';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty({ type: [String], format: 'uuid' }) hallIds: string[];
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'The session of the token' }) sessionId?: string;
}

export class DevicePrincipalDto implements DevicePrincipal {
  @ApiProperty({ enum: ['device'] }) kind: 'device';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DEVICE_ROLES }) role: DeviceRole;
  @ApiProperty({ format: 'uuid' }) hallId: string;
}
