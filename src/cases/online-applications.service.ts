import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/time/clock';
import { CASE_LOOKUP, CasesService } from './cases.service';
import { OnlineMeasures, onlineMeasures } from './domain/online-measures';
import { CatalogService, ServiceItemView } from '../catalog/catalog.service';
import { PublicRateLimiter } from '../common/http/public-rate-limiter';
import { AcceptanceService } from './acceptance.service';
import { CaseFilesService, UploadPart } from './case-files.service';
import type {
  OnlineApplicationDto,
  OnlineApplicationResultDto,
  OnlineItemDto,
  OnlineStagedFileDto,
  OnlineVisitAdviceDto,
  PreExaminationEntryDto,
} from './dto/online-application.dto';
import type { CaseChannel } from './domain/case-vocabulary';
import { pick } from '../common/pick';

/** Rate-limit scopes of the public online routes (per client address, per minute). */
const ONLINE_CATALOGUE = 'online-catalogue';
const ONLINE_APPLY = 'online-apply';

/** What the public catalogue shows of an item and of each of its materials. */
const ITEM_FIELDS = [
  'id',
  'name',
  'implementationCode',
  'basicCode',
  'caseType',
  'promisedLimit',
  'legalLimit',
  'fees',
  'deliveryOptions',
  'commitmentAllowed',
  'fullyOnline',
  'visitsRequired',
  'acceptanceConditions',
  'resultName',
  'legalBasis',
] as const;
const MATERIAL_FIELDS = ['name', 'necessity', 'originals', 'copies', 'source', 'notes'] as const;

function itemView(i: ServiceItemView): OnlineItemDto {
  return { ...pick(i, ITEM_FIELDS), materials: i.materials.map((m) => pick(m, MATERIAL_FIELDS)) };
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
    private readonly cases: CasesService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  get maxFileBytes(): number {
    return this.files.maxFileBytes;
  }

  async catalogue(hallId: string, text: string | undefined, address: string): Promise<OnlineItemDto[]> {
    await this.limiter.hit(ONLINE_CATALOGUE, address);
    return (await this.catalog.searchActive(hallId, text)).map(itemView);
  }

  async upload(
    hallId: string,
    draftToken: string | undefined,
    address: string,
    readPart: () => Promise<UploadPart>,
  ): Promise<OnlineStagedFileDto> {
    return this.files.stageForDraft(hallId, draftToken, address, readPart);
  }

  async submit(hallId: string, dto: OnlineApplicationDto, address: string): Promise<OnlineApplicationResultDto> {
    await this.limiter.hit(ONLINE_APPLY, address);
    const { caseNumber, queryCode } = await this.acceptance.receiveOnline(hallId, dto);
    return {
      caseNumber,
      queryCode,
      status: 'received',
      caseUrl: `/case?no=${encodeURIComponent(caseNumber)}&code=${encodeURIComponent(queryCode)}`,
    };
  }

  /** 补正 done online: the applicant sends the case back to the 预审 list (by number and query code, counted as a lookup). */
  async resubmit(caseNumber: string, queryCode: string, address: string): Promise<{ status: string }> {
    await this.limiter.hit(CASE_LOOKUP, address);
    const access = await this.cases.verifyCitizenAccess(caseNumber, queryCode);
    await this.acceptance.resubmitOnline(access.caseId);
    return { status: 'received' };
  }

  /** 网上预审: the hall's online cases waiting for a clerk, longest waiting first. */
  async waiting(hallId: string): Promise<PreExaminationEntryDto[]> {
    const rows: {
      id: string;
      case_number: string;
      item_name: string;
      item_id: string;
      applicant_name_masked: string | null;
      received_at: Date;
      since: Date;
      corrections: number;
    }[] = await this.dataSource.query(
      `select c.id, c.case_number, c.item_name, c.item_id, c.applicant_name_masked, c.received_at,
                coalesce((select max(e.at) from case_events e where e.case_id = c.id and e.move = 'complete_correction'), c.received_at) as since,
                (select count(*)::int from case_events e where e.case_id = c.id and e.move = 'request_correction') as corrections
           from cases c
          where c.hall_id = $1 and c.channel = 'online' and c.status = 'received'
          order by since, c.case_number`,
      [hallId],
    );
    const now = this.clock.now().getTime();
    return rows.map((r) => ({
      id: r.id,
      caseNumber: r.case_number,
      itemName: r.item_name,
      itemId: r.item_id,
      applicantName: r.applicant_name_masked ?? '',
      receivedAt: r.received_at,
      waitingSince: r.since,
      waitedMinutes: Math.max(0, Math.floor((now - r.since.getTime()) / 60_000)),
      corrections: r.corrections,
    }));
  }

  /** The online channel's measures over the hall's cases received on local days from..to (inclusive). */
  async measures(hallId: string, from: string, to: string): Promise<OnlineMeasures> {
    const cases: { channel: CaseChannel; visits: number; accepted: boolean; materials: number; certified: number }[] =
      await this.dataSource.query(
        `select channel, visits, accepted_at is not null as accepted,
                (select count(*)::int from jsonb_array_elements(materials) m where (m->>'provided')::boolean) as materials,
                (select count(*)::int from jsonb_array_elements(materials) m where m ? 'certificate') as certified
           from cases where hall_id = $1 and local_date between $2 and $3`,
        [hallId, from, to],
      );
    const decisions: { move: string; waited: number }[] = await this.dataSource.query(
      `select e.move, extract(epoch from e.at - (
                select max(p.at) from case_events p
                 where p.case_id = e.case_id and p.move in ('receive', 'complete_correction') and p.at <= e.at)) / 60 as waited
         from case_events e join cases c on c.id = e.case_id
        where c.hall_id = $1 and c.local_date between $2 and $3 and c.channel = 'online'
          and e.from_status = 'received' and e.move in ('accept', 'request_correction', 'refuse')`,
      [hallId, from, to],
    );
    const outcome = { accept: 'pass', request_correction: 'correct', refuse: 'refuse' } as const;
    return onlineMeasures({
      channels: cases.map((c) => c.channel),
      decisions: decisions.map((d) => ({ outcome: outcome[d.move as keyof typeof outcome], waitedMinutes: Math.round(Number(d.waited)) })),
      visits: cases.filter((c) => c.accepted).map((c) => c.visits),
      certificateMaterials: cases.reduce((sum, c) => sum + c.certified, 0),
      materials: cases.reduce((sum, c) => sum + c.materials, 0),
    });
  }

  /**
   * 只跑一次: once an online case passed 预审, an item not 全程网办 still needs one visit, with the
   * originals; the citizen books it through the appointments when the item is bookable.
   */
  async visitAdvice(caseNumber: string, queryCode: string, address: string): Promise<OnlineVisitAdviceDto> {
    await this.limiter.hit(CASE_LOOKUP, address);
    const access = await this.cases.verifyCitizenAccess(caseNumber, queryCode);
    const c = await this.cases.load(access.caseId);
    const item = await this.catalog.getItem(c.itemId);
    const passed = c.channel === 'online' && c.acceptedAt !== null;
    const needsVisit = passed && !item.fullyOnline;
    const sighted: unknown[] = await this.dataSource.query(
      `select 1 from case_events where case_id = $1 and move = 'sight_originals' limit 1`,
      [c.id],
    );
    return {
      originalsSighted: sighted.length > 0,
      channel: c.channel,
      passed,
      needsVisit,
      bookable: needsVisit && item.bookable,
      hallId: c.hallId,
      itemId: c.itemId,
      originals: needsVisit ? item.materials.filter((m) => m.originals > 0).map((m) => ({ name: m.name, originals: m.originals })) : [],
    };
  }
}
