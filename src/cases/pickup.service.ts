import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertHallAccess } from '../auth/hall-access';
import type { StaffPrincipal } from '../auth/principal';
import { CatalogService } from '../catalog/catalog.service';
import type { DeliveryOption } from '../catalog/domain/catalog-types';
import { AppException } from '../common/errors/app-exception';
import { HallsService } from '../halls/halls.service';
import { PiiVault } from '../pii/pii-vault.service';
import { TicketsService } from '../queue/tickets.service';
import { actorOf, CaseLedger, CaseTx } from './case-ledger';
import { publishMailed } from './case-outcomes';
import { CaseViews, pickupEntry } from './case-views';
import type { CaseDto, PickupEntryDto } from './dto/case.dto';
import { ElectronicDeliveryDto, HandOverDto, MailDto, PickupQuery } from './dto/pickup.dto';
import { Case } from './entities/case.entity';

/**
 * 统一出件: results wait at the pickup windows under a pickup code; the clerk there finds them by
 * code or ID number, checks the identity and hands over, or mails, or records the electronic
 * certificate.
 */
@Injectable()
export class PickupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: CaseLedger,
    private readonly vault: PiiVault,
    private readonly catalog: CatalogService,
    private readonly views: CaseViews,
    private readonly tickets: TicketsService,
    private readonly halls: HallsService,
  ) {}

  async find(hallId: string, query: PickupQuery): Promise<PickupEntryDto[]> {
    const where: Record<string, unknown> = { hallId, status: 'ready_for_pickup' };
    if (query.code) where.pickupCode = query.code.toUpperCase();
    if (query.idNumber) where.applicantIdFingerprint = this.vault.fingerprint(query.idNumber);
    const cases = await this.dataSource.getRepository(Case).find({ where, order: { resultReadyAt: 'ASC' }, take: 500 });
    return cases.map(pickupEntry);
  }

  /**
   * Only at a pickup window the clerk is staffing, and only to the applicant: a wrong ID number
   * is refused with 403 and the attempt stays on record (its own committed event).
   */
  async handOver(principal: StaffPrincipal, caseId: string, dto: HandOverDto): Promise<CaseDto> {
    const actor = actorOf(principal);
    const outcome = await this.ledger.run(async (tx) => {
      const c = await this.locked(tx, principal, caseId);
      tx.check(c, 'hand_over', actor);
      const windowId = await this.pickupWindowOf(tx, principal, c.hallId);
      const ticket = dto.ticketId ? await this.tickets.servedVisit(tx.em, principal, c.hallId, dto.ticketId) : null;
      if (this.vault.fingerprint(dto.idNumber) !== c.applicantIdFingerprint) {
        await tx.note(c, 'identity_check_failed', actor, { data: { windowId, ticketId: ticket?.id ?? null } });
        return { c, mismatch: true };
      }
      c.pickedUpAt = tx.now;
      await tx.move(c, 'hand_over', actor, { data: { windowId, ticketId: ticket?.id ?? null } });
      return { c, mismatch: false };
    });
    if (outcome.mismatch) throw new AppException('IDENTITY_MISMATCH', { caseId });
    return this.views.detail(principal, outcome.c);
  }

  /** Like a hand-over, only at a pickup window the clerk is staffing: the result leaves the hall from there. */
  async mail(principal: StaffPrincipal, caseId: string, dto: MailDto): Promise<CaseDto> {
    return this.deliverBy(principal, caseId, 'express', async (tx, c, windowId) => {
      c.carrier = dto.carrier;
      c.trackingNumber = dto.trackingNumber;
      c.mailedAt = tx.now;
      await tx.move(c, 'mail', actorOf(principal), {
        input: { shipment: dto },
        data: { carrier: dto.carrier, trackingNumber: dto.trackingNumber, windowId },
      });
      await publishMailed(tx, c);
    });
  }

  async confirmDelivery(principal: StaffPrincipal, caseId: string): Promise<CaseDto> {
    return this.act(principal, caseId, async (tx, c) => {
      c.deliveredAt = tx.now;
      await tx.move(c, 'confirm_delivery', actorOf(principal));
    });
  }

  /** Also only at the clerk's open pickup window. */
  async deliverElectronically(principal: StaffPrincipal, caseId: string, dto: ElectronicDeliveryDto): Promise<CaseDto> {
    return this.deliverBy(principal, caseId, 'electronic', async (tx, c, windowId) => {
      c.certificateNumber = dto.certificateNumber;
      c.deliveredAt = tx.now;
      await tx.move(c, 'deliver_electronically', actorOf(principal), {
        input: { certificateNumber: dto.certificateNumber },
        data: { certificateNumber: dto.certificateNumber, windowId },
      });
    });
  }

  private async act(principal: StaffPrincipal, caseId: string, work: (tx: CaseTx, c: Case) => Promise<void>): Promise<CaseDto> {
    const c = await this.ledger.run(async (tx) => {
      const c = await this.locked(tx, principal, caseId);
      await work(tx, c);
      return c;
    });
    return this.views.detail(principal, c);
  }

  private async locked(tx: CaseTx, principal: StaffPrincipal, caseId: string): Promise<Case> {
    const c = await tx.lock(caseId);
    assertHallAccess(principal, c.hallId);
    return c;
  }

  /** The result leaves the hall `delivery`'s way, from the clerk's open pickup window, if the item offers that way. */
  private deliverBy(
    principal: StaffPrincipal,
    caseId: string,
    delivery: DeliveryOption,
    work: (tx: CaseTx, c: Case, windowId: string) => Promise<void>,
  ): Promise<CaseDto> {
    return this.act(principal, caseId, async (tx, c) => {
      const windowId = await this.pickupWindowOf(tx, principal, c.hallId);
      const item = await this.catalog.getItem(c.itemId);
      if (!item.deliveryOptions.includes(delivery))
        throw new AppException('DELIVERY_NOT_OFFERED', { delivery, offered: item.deliveryOptions });
      c.deliveryMethod = delivery;
      await work(tx, c, windowId);
    });
  }

  private async pickupWindowOf(tx: CaseTx, principal: StaffPrincipal, hallId: string): Promise<string> {
    const deskId = await this.tickets.deskOf(tx.em, principal.id, hallId);
    const window = deskId ? await this.halls.readWindow(deskId, tx.em) : null;
    if (window?.kind !== 'pickup' || window.status !== 'open') throw new AppException('NOT_AT_PICKUP_WINDOW');
    return window.id;
  }
}
