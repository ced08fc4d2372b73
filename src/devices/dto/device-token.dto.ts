import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { DEVICE_ROLES, DeviceRole } from '../../auth/principal';
import { IsNotBlank } from '../../common/validation/not-blank';

export class CreateDeviceTokenDto {
  @ApiProperty({ enum: DEVICE_ROLES, description: 'display: read-only hall screen; kiosk: may only issue tickets' })
  @IsIn(DEVICE_ROLES)
  kind: DeviceRole;
  @ApiProperty({ example: '大厅主屏' }) @IsString() @IsNotBlank() @MaxLength(100) name: string;
}
