import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Answers } from '../common/http/route-decorators';
import { HALL_STAFF_ROLES } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { DemoClockService } from './demo-clock.service';
import { DemoClockDto, SetDemoClockDto } from './dto/demo-clock.dto';

@ApiTags('simulation')
@ApiBearerAuth()
@Controller('demo-clock')
export class DemoClockController {
  constructor(private readonly demoClock: DemoClockService) {}

  @Get()
  @Roles(...HALL_STAFF_ROLES, 'display', 'kiosk')
  @Answers('The hall time this server runs on, and whether it is the settable demo clock', DemoClockDto)
  read() {
    return this.demoClock.read();
  }

  @Put()
  @Roles('admin')
  @Answers(
    {
      summary:
        'Set the demo clock: the hall time from now and its speed (only on a server started with DEMO_CLOCK=on, whose halls are all demo halls)',
      description: '409 DEMO_CLOCK_OFF on a server on the real time; 409 DEMO_CLOCK_REAL_HALL when a hall not marked as a demo hall exists',
    },
    DemoClockDto,
  )
  set(@Body() dto: SetDemoClockDto) {
    return this.demoClock.set(dto);
  }
}
