import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { CatalogService, ServiceItemView } from '../catalog/catalog.service';
import { AppException } from '../common/errors/app-exception';
import { validateResidentId } from '../common/identity/resident-id';
import type { Hall } from '../halls/entities/hall.entity';
import { HallsService } from '../halls/halls.service';
import { PiiVault } from '../pii/pii-vault.service';
import { Clock } from '../common/time/clock';
import { LocalDateTime, localDateTime, minutesOfDay, normalizeTime } from '../common/time/local-day';
import { PublicRateLimiter } from '../common/http/public-rate-limiter';
import { actorOf } from '../queue/queue-ledger';
import { TicketsService } from '../queue/tickets.service';
import { AppointmentDto, BookAppointmentDto, CheckInResultDto, SlotDto } from './dto/appointment.dto';
import { Appointment } from './entities/appointment.entity';
import { addDays, daySlots, slotCapacity } from './slots';

/** How far ahead a slot can be booked, in days after today. */
export const BOOKING_DAYS_AHEAD = 14;
/** A citizen may check in this long before the slot starts. */
export const CHECK_IN_EARLY_MINUTES = 30;
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function bookingCode(): string {
  return [...randomBytes(8)].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/**
 * Appointments (预约): slots per bookable item and day, a booking code, check-in on the day that
 * turns the booking into a priority ticket, and no-shows recorded for bookings nobody checked in
 * for by the end of their slot (swept whenever the hall's bookings are read or checked in, so no
 * background job is needed and every instance agrees).
 */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly halls: HallsService,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
    private readonly limiter: PublicRateLimiter,
    private readonly tickets: TicketsService,
    private readonly vault: PiiVault,
  ) {}

  async slots(hallId: string, itemId: string, date: string): Promise<SlotDto[]> {
    const { hall, item } = await this.bookable(hallId, itemId);
    const slots = daySlots(hall.workingHours, item.slotMinutes!);
    const capacity = slotCapacity(item.dailyQuota!, slots.length);
    const booked = await this.bookedPerSlot(this.dataSource.manager, itemId, date);
    const left = Math.max(0, item.dailyQuota! - [...booked.values()].reduce((sum, n) => sum + n, 0));
    return slots.map((s) => {
      const n = booked.get(s.start) ?? 0;
      return { start: s.start, end: s.end, capacity, booked: n, available: Math.max(0, Math.min(capacity - n, left)) };
    });
  }

  async book(hallId: string, dto: BookAppointmentDto, clientAddress: string | undefined): Promise<AppointmentDto> {
    await this.limiter.hit('appointment', clientAddress);
    const { hall, item } = await this.bookable(hallId, dto.itemId);
    const now = this.clock.now();
    const today = localDateTime(now, hall.timezone);
    if (dto.date < today.date || dto.date > addDays(today.date, BOOKING_DAYS_AHEAD)) {
      throw new AppException('APPOINTMENT_DATE_INVALID', {
        date: dto.date,
        from: today.date,
        until: addDays(today.date, BOOKING_DAYS_AHEAD),
      });
    }
    const slots = daySlots(hall.workingHours, item.slotMinutes!);
    const slot = slots.find((s) => s.start === normalizeTime(dto.slotStart));
    if (!slot) throw new AppException('SLOT_NOT_FOUND', { slotStart: dto.slotStart, slots: slots.map((s) => s.start) });
    if (dto.date === today.date && slot.start <= today.time) throw new AppException('SLOT_PASSED', { slotStart: slot.start });
    const capacity = slotCapacity(item.dailyQuota!, slots.length);
    const category = await this.halls.getCategory(item.categoryId);
    const personIndex = this.tickets.personIndexFor(category, dto.idNumber);

    const id = await this.dataSource.transaction(async (em) => {
      // Bookings of one item and day queue here, on every instance, so the quotas hold under concurrency.
      await em.query(`select pg_advisory_xact_lock(hashtext($1))`, [`appointments:${item.id}:${dto.date}`]);
      const booked = await this.bookedPerSlot(em, item.id, dto.date);
      const total = [...booked.values()].reduce((sum, n) => sum + n, 0);
      if (total >= item.dailyQuota!)
        throw new AppException('DAILY_QUOTA_REACHED', { itemId: item.id, date: dto.date, dailyQuota: item.dailyQuota });
      if ((booked.get(slot.start) ?? 0) >= capacity) throw new AppException('SLOT_FULL', { slotStart: slot.start, capacity });
      if (personIndex) {
        const [{ n }]: { n: number }[] = await em.query(
          `select count(*)::int as n from appointments where person_index = $1 and item_id = $2 and local_date = $3 and status <> 'cancelled'`,
          [personIndex, item.id, dto.date],
        );
        if (n >= category.personDailyLimit) {
          throw new AppException('REAL_NAME_APPOINTMENT_LIMIT', {
            itemId: item.id,
            date: dto.date,
            personDailyLimit: category.personDailyLimit,
          });
        }
      }
      const saved = await em.save(
        Appointment,
        em.create(Appointment, {
          hallId,
          itemId: item.id,
          categoryId: item.categoryId,
          localDate: dto.date,
          slotStart: slot.start,
          slotEnd: slot.end,
          code: bookingCode(),
          status: 'booked',
          ticketId: null,
          bookedAt: now,
          checkedInAt: null,
          noShowAt: null,
          cancelledAt: null,
        }),
      );
      // Kept out of the entity, so that no answer ever carries it.
      if (personIndex) await em.query(`update appointments set person_index = $2 where id = $1`, [saved.id, personIndex]);
      return saved.id;
    });
    return this.dataSource.getRepository(Appointment).findOneByOrFail({ id });
  }

  async getByCode(code: string, clientAddress: string | undefined): Promise<AppointmentDto> {
    await this.limiter.hit('appointment', clientAddress);
    const found = await this.byCode(code);
    const hall = await this.halls.getHall(found.hallId);
    await this.sweep(hall);
    return this.byCode(code);
  }

  async cancel(code: string, clientAddress: string | undefined): Promise<AppointmentDto> {
    await this.limiter.hit('appointment', clientAddress);
    const found = await this.byCode(code);
    await this.sweep(await this.halls.getHall(found.hallId));
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Appointment)
      .set({ status: 'cancelled', cancelledAt: this.clock.now() })
      .where('id = :id and status = :booked', { id: found.id, booked: 'booked' })
      .execute();
    if (!result.affected) throw new AppException('APPOINTMENT_NOT_BOOKED', { status: (await this.byCode(code)).status });
    return this.byCode(code);
  }

  async list(principal: Principal, hallId: string, date?: string): Promise<AppointmentDto[]> {
    const hall = await this.halls.getHallFor(principal, hallId);
    await this.sweep(hall);
    const day = date ?? localDateTime(this.clock.now(), hall.timezone).date;
    return this.dataSource
      .getRepository(Appointment)
      .find({ where: { hallId, localDate: day }, order: { slotStart: 'ASC', bookedAt: 'ASC' } });
  }

  /** On the day, from shortly before the slot until it ends: the booking becomes a priority ticket, both in one transaction. */
  async checkIn(principal: Principal, hallId: string, code: string, idNumber?: string): Promise<CheckInResultDto> {
    const hall = await this.halls.getHall(hallId);
    await this.sweep(hall);
    const appointment = await this.byCode(code);
    if (appointment.hallId !== hallId) throw new AppException('APPOINTMENT_NOT_FOUND');
    if (appointment.status === 'no_show') throw new AppException('APPOINTMENT_EXPIRED', { slotEnd: appointment.slotEnd });
    if (appointment.status !== 'booked') throw new AppException('APPOINTMENT_NOT_BOOKED', { status: appointment.status });
    const now = localDateTime(this.clock.now(), hall.timezone);
    if (appointment.localDate !== now.date) throw new AppException('APPOINTMENT_NOT_TODAY', { date: appointment.localDate });
    if (minutesOfDay(now.time) < minutesOfDay(appointment.slotStart) - CHECK_IN_EARLY_MINUTES) {
      throw new AppException('CHECK_IN_TOO_EARLY', { slotStart: appointment.slotStart, earlyMinutes: CHECK_IN_EARLY_MINUTES });
    }
    const category = await this.halls.getCategory(appointment.categoryId);
    await this.checkBoundPerson(appointment, idNumber);
    const checkedInAt = this.clock.now();
    const ticket = await this.tickets.issue(
      {
        hall,
        category,
        itemId: appointment.itemId,
        source: 'appointment',
        priority: true,
        priorityReason: '预约签到',
        actor: actorOf(principal),
        bypassLimits: true,
      },
      async (em, issued) => {
        const result = await em
          .createQueryBuilder()
          .update(Appointment)
          .set({ status: 'checked_in', ticketId: issued.id, checkedInAt })
          .where('id = :id and status = :booked', { id: appointment.id, booked: 'booked' })
          .execute();
        if (!result.affected) throw new AppException('APPOINTMENT_NOT_BOOKED');
      },
    );
    return { appointment: await this.byCode(code), ticket };
  }

  /** A real-name booking is the person's: whoever checks it in shows the same ID number (a tout cannot sell it on). */
  private async checkBoundPerson(appointment: Appointment, idNumber: string | undefined): Promise<void> {
    const [{ person_index: bound }]: { person_index: string | null }[] = await this.dataSource.query(
      `select person_index from appointments where id = $1`,
      [appointment.id],
    );
    if (bound === null) return;
    if (!idNumber) throw new AppException('REAL_NAME_ID_REQUIRED', { field: 'idNumber' });
    const result = validateResidentId(idNumber, this.clock.now());
    if (!result.ok || this.vault.fingerprint(result.value) !== bound) throw new AppException('REAL_NAME_MISMATCH');
  }

  private async bookable(hallId: string, itemId: string): Promise<{ hall: Hall; item: ServiceItemView }> {
    const hall = await this.halls.getHall(hallId);
    const item = await this.catalog.getItem(itemId);
    if (item.hallId !== hallId) throw new AppException('ITEM_NOT_FOUND', { itemId });
    if (!item.active || !item.bookable || !item.slotMinutes || !item.dailyQuota) throw new AppException('ITEM_NOT_BOOKABLE', { itemId });
    return { hall, item };
  }

  private async bookedPerSlot(em: EntityManager, itemId: string, date: string): Promise<Map<string, number>> {
    const rows: { slot_start: string; n: number }[] = await em.query(
      `select slot_start::text as slot_start, count(*)::int as n from appointments
       where item_id = $1 and local_date = $2 and status <> 'cancelled' group by slot_start`,
      [itemId, date],
    );
    return new Map(rows.map((r) => [r.slot_start, r.n]));
  }

  private async byCode(code: string): Promise<Appointment> {
    const appointment = /^[0-9A-Za-z]{8}$/.test(code)
      ? await this.dataSource.getRepository(Appointment).findOneBy({ code: code.toUpperCase() })
      : null;
    if (!appointment) throw new AppException('APPOINTMENT_NOT_FOUND');
    return appointment;
  }

  /**
   * Bookings whose slot has ended without a check-in are no-shows; bookings of past days forget the
   * real-name fingerprint, which only their check-in needed.
   */
  private async sweep(hall: Hall): Promise<void> {
    const now = this.clock.now();
    const local: LocalDateTime = localDateTime(now, hall.timezone);
    await this.dataSource
      .createQueryBuilder()
      .update(Appointment)
      .set({ status: 'no_show', noShowAt: now })
      .where(`hall_id = :hallId and status = 'booked' and (local_date < :date or (local_date = :date and slot_end <= :time))`, {
        hallId: hall.id,
        date: local.date,
        time: local.time,
      })
      .execute();
    await this.dataSource.query(
      `update appointments set person_index = null where hall_id = $1 and local_date < $2 and person_index is not null`,
      [hall.id, local.date],
    );
  }
}
