import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { HallScoped } from '../auth/hall-scope.decorator';
import { Audited } from '../audit/audited.decorator';
import { Creates } from '../common/http/route-decorators';
import { UUID } from '../common/http/uuid.pipe';
import { DevicesService } from './devices.service';
import { DeviceTokenDto, IssuedDeviceTokenDto } from './dto/device-response.dto';
import { CreateDeviceTokenDto } from './dto/device-token.dto';
import { HallReads } from '../auth/staff-route.decorator';

@ApiTags('devices')
@ApiBearerAuth()
@Controller()
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @HallReads('halls/:hallId/devices', ['admin'], 'Display and kiosk tokens of a hall (secrets are never shown again)', [DeviceTokenDto])
  list(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string) {
    return this.devices.list(p, hallId);
  }

  @Post('halls/:hallId/devices')
  @HallScoped()
  @Roles('admin')
  @Audited({ action: 'device.issue', targetType: 'device', successInService: true })
  @Creates('Issue a device token bound to the hall; the response holds the secret, once', IssuedDeviceTokenDto)
  issue(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Body() dto: CreateDeviceTokenDto) {
    return this.devices.issue(p, hallId, dto);
  }

  @Post('devices/:deviceId/revoke')
  @Roles('admin')
  @Audited({ action: 'device.revoke', targetType: 'device', param: 'deviceId', successInService: true })
  @Creates('Revoke a device token at once', DeviceTokenDto)
  revoke(@CurrentPrincipal() p: Principal, @Param('deviceId', UUID) id: string) {
    return this.devices.revoke(p, id);
  }
}
