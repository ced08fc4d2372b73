import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IssuedTicketDto } from '../../queue/dto/ticket.dto';
import { APPOINTMENT_STATUSES, AppointmentStatus } from '../entities/appointment.entity';
import { UuidField } from '../../common/validation/uuid-field';

/** A real calendar day (no 30 February), written YYYY-MM-DD. */
const IsDay = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date 必须是 YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: 'date 不是有效的日期' }),
  );
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

export class SlotsQuery {
  @UuidField('A bookable service item of the hall') itemId: string;
  @ApiProperty({ example: '2026-03-02', description: 'Hall-local day' }) @IsDay() date: string;
}

export class BookAppointmentDto {
  @UuidField() itemId: string;
  @ApiProperty({ example: '2026-03-02', description: 'Hall-local day, from today up to 14 days ahead' }) @IsDay() date: string;
  @ApiProperty({ example: '09:30', description: "Start of one of the day's slots (GET …/appointment-slots)" })
  @Matches(TIME, { message: 'slotStart 必须是 HH:MM' })
  slotStart: string;
  @ApiPropertyOptional({
    example: '11010519491231002X',
    maxLength: 18,
    description:
      "实名预约: the applicant's resident ID, required when the item's category has realName; the booking is bound to it (only its keyed fingerprint is kept)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;
}

export class CheckInDto {
  @ApiProperty({ example: 'K7Q2M9XA', description: 'The booking code' })
  @Matches(/^[0-9A-Za-z]{8}$/, { message: 'code 格式不正确' })
  code: string;
  @ApiPropertyOptional({
    example: '11010519491231002X',
    maxLength: 18,
    description: 'For a real-name booking: the ID number it was booked with (403 REAL_NAME_MISMATCH otherwise)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(18)
  idNumber?: string;
}

export class ListAppointmentsQuery {
  @ApiPropertyOptional({ example: '2026-03-02', description: 'Hall-local day; today when omitted' }) @IsOptional() @IsDay() date?: string;
}

export class SlotDto {
  @ApiProperty({ example: '09:00:00' }) start: string;
  @ApiProperty({ example: '09:30:00' }) end: string;
  @ApiProperty() capacity: number;
  @ApiProperty() booked: number;
  @ApiProperty({ description: 'Free places in this slot, also bounded by what is left of the daily quota' }) available: number;
}

export class AppointmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty({ example: '2026-03-02' }) localDate: string;
  @ApiProperty({ example: '09:30:00' }) slotStart: string;
  @ApiProperty({ example: '10:00:00' }) slotEnd: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES }) status: AppointmentStatus;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ticketId: string | null;
  @ApiProperty() bookedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) checkedInAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) noShowAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) cancelledAt: Date | null;
}

export class CheckInResultDto {
  @ApiProperty({ type: AppointmentDto }) appointment: AppointmentDto;
  @ApiProperty({ type: IssuedTicketDto, description: "A priority ticket of the item's category" }) ticket: IssuedTicketDto;
}
