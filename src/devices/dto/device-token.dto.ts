import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DEVICE_ROLES, DeviceRole } from '../../auth/principal';
import { NonBlankString } from '../../common/validation/non-blank-string';

export class CreateDeviceTokenDto {
  @ApiProperty({ enum: DEVICE_ROLES, description: 'display: read-only hall screen; kiosk: may only issue tickets' })
  @IsIn(DEVICE_ROLES)
  kind: DeviceRole;
  @NonBlankString(100, { example: '大厅主屏' }) name: string;
}
