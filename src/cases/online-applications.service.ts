import { Injectable } from '@nestjs/common';
import { CatalogService, ServiceItemView } from '../catalog/catalog.service';
import { PublicRateLimiter } from '../queue/public-rate-limiter';
import { AcceptanceService } from './acceptance.service';
import { CaseFilesService, UploadPart } from './case-files.service';
import type { OnlineApplicationDto, OnlineApplicationResultDto, OnlineItemDto, OnlineStagedFileDto } from './dto/online-application.dto';

/** Rate-limit scopes of the public online routes (per client address, per minute). */
const ONLINE_CATALOGUE = 'online-catalogue';
const ONLINE_APPLY = 'online-apply';

function itemView(i: ServiceItemView): OnlineItemDto {
  return {
    id: i.id, name: i.name, implementationCode: i.implementationCode, basicCode: i.basicCode, caseType: i.caseType,
    promisedLimit: i.promisedLimit, legalLimit: i.legalLimit,
    materials: i.materials.map((m) => ({
      name: m.name, necessity: m.necessity, originals: m.originals, copies: m.copies, source: m.source, notes: m.notes,
    })),
    fees: i.fees, deliveryOptions: i.deliveryOptions, commitmentAllowed: i.commitmentAllowed, fullyOnline: i.fullyOnline,
    visitsRequired: i.visitsRequired, acceptanceConditions: i.acceptanceConditions, resultName: i.resultName, legalBasis: i.legalBasis,
  };
}

/**
 * 网上申办 for citizens without an account: the catalogue with each item's 一次性告知, uploads to an
 * application draft, and the submission that turns the draft into a received online case. Every
 * route is public and counted per address by the public rate limiter.
 */
@Injectable()
export class OnlineApplicationsService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly acceptance: AcceptanceService,
    private readonly files: CaseFilesService,
    private readonly limiter: PublicRateLimiter,
  ) {}

  get maxFileBytes(): number {
    return this.files.maxFileBytes;
  }

  async catalogue(hallId: string, text: string | undefined, address: string): Promise<OnlineItemDto[]> {
    await this.limiter.hit(ONLINE_CATALOGUE, address);
    return (await this.catalog.searchActive(hallId, text)).map(itemView);
  }

  async upload(hallId: string, draftToken: string | undefined, address: string, readPart: () => Promise<UploadPart>): Promise<OnlineStagedFileDto> {
    return this.files.stageForDraft(hallId, draftToken, address, readPart);
  }

  async submit(hallId: string, dto: OnlineApplicationDto, address: string): Promise<OnlineApplicationResultDto> {
    await this.limiter.hit(ONLINE_APPLY, address);
    const { caseNumber, queryCode } = await this.acceptance.receiveOnline(hallId, dto);
    return {
      caseNumber, queryCode, status: 'received',
      caseUrl: `/case?no=${encodeURIComponent(caseNumber)}&code=${encodeURIComponent(queryCode)}`,
    };
  }
}
