import { Body, Controller, Get, Ip, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Public, Roles } from '../auth/roles.decorator';
import { AnyHall, HallScoped } from '../auth/hall-scope.decorator';
import { UUID } from '../common/http/uuid.pipe';
import { HallReads } from '../auth/staff-route.decorator';
import { Answers, Creates } from '../common/http/route-decorators';
import { AppointmentsService } from './appointments.service';
import {
  AppointmentDto,
  BookAppointmentDto,
  CheckInDto,
  CheckInResultDto,
  ListAppointmentsQuery,
  SlotDto,
  SlotsQuery,
} from './dto/appointment.dto';

@ApiTags('appointments')
@Controller()
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get('halls/:hallId/appointment-slots')
  @AnyHall('open to citizens: any hall that exists')
  @Public()
  @Answers('The slots of a bookable item on one day, with what is still free', [SlotDto])
  slots(@Param('hallId', UUID) hallId: string, @Query() query: SlotsQuery) {
    return this.appointments.slots(hallId, query.itemId, query.date);
  }

  @Post('halls/:hallId/appointments')
  @AnyHall('open to citizens: any hall that exists')
  @Public()
  @Creates('Book a slot (预约); the answer carries the booking code. Rate-limited per client address', AppointmentDto)
  book(@Param('hallId', UUID) hallId: string, @Body() dto: BookAppointmentDto, @Ip() ip: string) {
    return this.appointments.book(hallId, dto, ip);
  }

  @Get('appointments/:code')
  @Public()
  @Answers('A booking by its code. Rate-limited per client address', AppointmentDto)
  get(@Param('code') code: string, @Ip() ip: string) {
    return this.appointments.getByCode(code, ip);
  }

  @Post('appointments/:code/cancel')
  @Public()
  @Answers('Cancel a booking that is not checked in yet. Rate-limited per client address', AppointmentDto, { action: true })
  cancel(@Param('code') code: string, @Ip() ip: string) {
    return this.appointments.cancel(code, ip);
  }

  @Post('halls/:hallId/appointments/check-in')
  @HallScoped()
  @Roles('kiosk', 'clerk', 'manager', 'admin')
  @ApiBearerAuth()
  @Answers('Check in on the day (from 30 minutes before the slot until it ends): the booking becomes a priority ticket', CheckInResultDto, {
    action: true,
  })
  checkIn(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Body() dto: CheckInDto) {
    return this.appointments.checkIn(p, hallId, dto.code, dto.idNumber);
  }

  @HallReads(
    'halls/:hallId/appointments',
    ['clerk', 'manager', 'admin'],
    'Bookings of one day with their status (booked, checked_in, no_show, cancelled)',
    [AppointmentDto],
  )
  @ApiBearerAuth()
  list(@CurrentPrincipal() p: Principal, @Param('hallId', UUID) hallId: string, @Query() query: ListAppointmentsQuery) {
    return this.appointments.list(p, hallId, query.date);
  }
}
