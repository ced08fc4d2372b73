import { ApiProperty } from '@nestjs/swagger';
import { DEVICE_ROLES, DeviceRole } from '../../auth/principal';
import type { DeviceToken } from '../entities/device-token.entity';

/** A display or kiosk token; the secret itself is shown once, when issued. */
export class DeviceTokenDto implements Omit<DeviceToken, 'tokenHash'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ enum: DEVICE_ROLES }) kind: DeviceRole;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The last characters, to tell tokens apart without the secret' }) tokenHint: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt: Date | null;
}

export class IssuedDeviceTokenDto extends DeviceTokenDto {
  @ApiProperty({ example: 'owd_…', description: 'The secret: shown this once, never again' }) token: string;
}
