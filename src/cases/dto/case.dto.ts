import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMIT_UNITS } from '../../calendar/domain/calendar-types';
import { CASE_TYPES, DELIVERY_OPTIONS, DeliveryOption, NECESSITIES } from '../../catalog/domain/catalog-types';
import { CASE_MOVES, CASE_STATUSES, CaseRole, REMEDIES, SUSPENSION_KINDS } from '../domain/case-state-machine';
import { APPLICANT_KINDS, EXTENSION_REQUEST_STATUSES, OBLIGATION_STATUSES, STEP_STATES } from '../domain/case-vocabulary';
import { ACCEPTANCE_OPTIONS } from '../domain/material-check';
import { WARNING_LEVELS } from '../../calendar/domain/warning-level';

/** Who makes a case's moves and adds its files: the staff roles, the sweep, and the citizen's own online moves. */
export const CASE_ACTOR_ROLES = ['clerk', 'approver', 'manager', 'system', 'applicant'] as const satisfies readonly CaseRole[];

export class LimitDto {
  @ApiProperty() value: number;
  @ApiProperty({ enum: LIMIT_UNITS }) unit: string;
}

export class ApplicantViewDto {
  @ApiProperty({ enum: APPLICANT_KINDS }) kind: string;
  @ApiProperty({
    description: 'In full only for the clerk who accepted the case (until retention removes it); masked (张*三) for everyone else',
  })
  name: string;
  @ApiProperty({ description: 'In full only for the clerk who accepted the case; masked (110***********002X) for everyone else' })
  idNumber: string;
  @ApiProperty({ nullable: true, type: String, description: 'Like name' }) contactName: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '138****5678',
    description:
      'In full only for the clerk who accepted the case; masked (138****5678) for everyone else; null when the applicant gave none',
  })
  contactPhone: string | null;
}

export class CitedCertificateDto {
  @ApiProperty({ example: 'BDC-DZZZ-2026-000001' }) number: string;
  @ApiProperty({ description: 'The case whose result it is' }) caseNumber: string;
}

export class CheckedMaterialDto {
  @ApiProperty() name: string;
  @ApiProperty({ enum: NECESSITIES }) necessity: string;
  @ApiProperty() provided: boolean;
  @ApiPropertyOptional({
    type: () => CitedCertificateDto,
    description: '免证办: the electronic certificate of this hall that satisfied the material, and the case that issued it',
  })
  certificate?: CitedCertificateDto;
}

export class CaseStepDto {
  @ApiProperty({ example: '承办' }) name: string;
  @ApiProperty({ description: 'Share of the promised time, percent' }) sharePercent: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The department handling this step of a 联办件' })
  departmentId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Due of the step, from the hall's calendar" }) dueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'Who passed the step on' }) handledBy?: string | null;
}

export class ObligationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '食品安全管理人员健康证明' }) material: string;
  @ApiProperty() dueAt: Date;
  @ApiProperty({ enum: OBLIGATION_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: Date }) fulfilledAt: Date | null;
}

export class SuspensionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SUSPENSION_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) procedure: string | null;
  @ApiProperty() reason: string;
  @ApiProperty() expectedWorkingDays: number;
  @ApiProperty() fromAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'null while still suspended' }) toAt: Date | null;
}

export class ExtensionRequestViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() workingDays: number;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid' }) requestedBy: string;
  @ApiProperty() requestedAt: Date;
  @ApiProperty({ enum: EXTENSION_REQUEST_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
}

export class CaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'DEMO-20260302-0001', description: 'Hall code, local date of receipt, sequence of the day' }) caseNumber: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The 一件事 this case is part of' }) bundleId: string | null;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ description: "Grows by one with every move (= its latest event's caseVersion)" }) version: number;
  @ApiProperty({ format: 'uuid', description: "The item's own department (实施主体)" }) itemDepartmentId: string;
  @ApiProperty({ format: 'uuid', description: 'The department whose work list holds the case now' }) departmentId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The approver who claimed it' }) assigneeId: string | null;
  @ApiProperty({ type: ApplicantViewDto }) applicant: ApplicantViewDto;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The ticket of the visit that opened it' }) ticketId:
    string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) windowId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The accepting clerk; null for an online case not yet pre-examined',
  })
  clerkId: string | null;
  @ApiProperty({ type: [CheckedMaterialDto] }) materials: CheckedMaterialDto[];
  @ApiProperty({ type: [String], description: '一次性告知: every material found missing' }) missingMaterials: string[];
  @ApiProperty({ nullable: true, type: String }) refusalReason: string | null;
  @ApiProperty({ enum: DELIVERY_OPTIONS }) deliveryMethod: string;
  @ApiProperty({ type: LimitDto }) promisedLimit: LimitDto;
  @ApiProperty({ type: LimitDto, nullable: true }) legalLimit: LimitDto | null;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'From when working time counts' }) clockStartAt: Date | null;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'Moved by suspensions and a granted extension; while suspended, the due before the suspension',
  })
  promisedDueAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) legalDueAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) concludedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Withdrawn, aborted, not accepted or returned' }) closedAt: Date | null;
  @ApiProperty({ type: [CaseStepDto] }) steps: CaseStepDto[];
  @ApiProperty({ description: 'Index into steps' }) currentStep: number;
  @ApiProperty({ enum: WARNING_LEVELS, nullable: true }) warningLevel: string | null;
  @ApiProperty() extended: boolean;
  @ApiProperty() extensionWorkingDays: number;
  @ApiProperty({ description: 'Accepted under 告知承诺' }) commitment: boolean;
  @ApiProperty({ nullable: true, type: Date }) revokedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) revocationReason: string | null;
  @ApiProperty({ nullable: true, enum: ['approved', 'denied'] }) decision: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
  @ApiProperty({ nullable: true, enum: REMEDIES, isArray: true }) remedies: string[] | null;
  @ApiProperty({ nullable: true, type: String }) reportedTo: string | null;
  @ApiProperty({ description: 'Visits to the hall so far (acceptance and each resubmission)' }) visits: number;
  @ApiProperty({ nullable: true, type: String, description: 'Given when the result is ready' }) pickupCode: string | null;
  @ApiProperty({ nullable: true, type: Date }) resultReadyAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) pickedUpAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) carrier: string | null;
  @ApiProperty({ nullable: true, type: String }) trackingNumber: string | null;
  @ApiProperty({ nullable: true, type: Date }) mailedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) certificateNumber: string | null;
  @ApiProperty({ type: [ObligationDto], description: '容缺 materials owed' }) obligations: ObligationDto[];
  @ApiProperty({ type: [SuspensionDto] }) suspensions: SuspensionDto[];
  @ApiProperty({ type: [ExtensionRequestViewDto] }) extensionRequests: ExtensionRequestViewDto[];
  @ApiProperty({ enum: CASE_MOVES, isArray: true, description: "State-machine moves the caller's role may make now" })
  allowedMoves: string[];
  @ApiPropertyOptional({ type: String, description: "Only for the accepting clerk: the citizen's query code (查询码)" }) queryCode?: string;
}

export class BundleRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class ApplicationResultDto {
  @ApiProperty({ type: BundleRefDto, nullable: true, description: 'Set when the application covers several items' })
  bundle: BundleRefDto | null;
  @ApiProperty({ type: [CaseDto], description: 'One per item, with the query code' }) cases: CaseDto[];
}

export class CaseListEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) bundleId: string | null;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ enum: CASE_TYPES }) caseType: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assigneeId: string | null;
  @ApiProperty({ description: 'Masked (张*三)' }) applicantName: string;
  @ApiProperty({ description: 'Masked' }) applicantIdNumber: string;
  @ApiProperty({ enum: WARNING_LEVELS, nullable: true }) warningLevel: string | null;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) promisedDueAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) legalDueAt: Date | null;
  @ApiProperty() currentStepName: string;
  @ApiProperty({ nullable: true, type: String }) currentStepDueAt: string | null;
  @ApiProperty() extended: boolean;
}

export class CaseEventDto {
  @ApiProperty() id: string;
  @ApiProperty() caseVersion: number;
  @ApiProperty({
    example: 'accept',
    description: 'A state-machine move or a move inside a status (claim, advance_step, identity_check_failed…)',
  })
  move: string;
  @ApiProperty({ nullable: true, enum: CASE_STATUSES }) fromStatus: string | null;
  @ApiProperty({ enum: CASE_STATUSES }) toStatus: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId: string | null;
  @ApiProperty({ enum: CASE_ACTOR_ROLES }) actorRole: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty() at: Date;
}

export class BundleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) ticketId: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When the last part concluded (or closed)' }) concludedAt: Date | null;
  @ApiProperty({ type: [CaseListEntryDto] }) cases: CaseListEntryDto[];
}

export class OptionRefusalDto {
  @ApiProperty({ example: 'REQUIRED_MATERIAL_MISSING' }) code: string;
  @ApiPropertyOptional({ type: [String], description: 'The materials that bar the option' }) materials?: string[];
}

/** One entry per acceptance option (ACCEPTANCE_OPTIONS) that is not offered. */
export class RefusedOptionsDto {
  @ApiPropertyOptional({ type: OptionRefusalDto }) accept?: OptionRefusalDto;
  @ApiPropertyOptional({ type: OptionRefusalDto }) accept_on_commitment?: OptionRefusalDto;
  @ApiPropertyOptional({ type: OptionRefusalDto }) request_correction?: OptionRefusalDto;
  @ApiPropertyOptional({ type: OptionRefusalDto }) refuse?: OptionRefusalDto;
}

export class MaterialAssessmentDto {
  @ApiProperty({ enum: ACCEPTANCE_OPTIONS, isArray: true, description: 'What the clerk may choose' }) options: string[];
  @ApiProperty({ type: RefusedOptionsDto, description: 'Why each option not offered is not' }) refused: RefusedOptionsDto;
  @ApiProperty({ type: [String], description: '容缺 obligations the case takes on if accepted' }) obligations: string[];
  @ApiProperty({ type: [String], description: 'What a 一次性告知 would list' }) correctionNotice: string[];
  @ApiProperty({ description: 'The applicant is on the 失信 list' }) dishonest: boolean;
}

export class PickupEntryDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) bundleId: string | null;
  @ApiProperty() itemName: string;
  @ApiProperty({ description: 'Masked (张*三)' }) applicantName: string;
  @ApiProperty({ description: 'Masked' }) applicantIdNumber: string;
  @ApiProperty({ enum: DELIVERY_OPTIONS }) deliveryMethod: string;
  @ApiProperty({ nullable: true, enum: ['approved', 'denied'] }) decision: string | null;
  @ApiProperty({ nullable: true, type: Date }) resultReadyAt: Date | null;
}

export class CaseStepViewDto {
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ enum: STEP_STATES }) state: string;
}

export class MaskedApplicantDto {
  @ApiProperty({ example: '张*' }) name: string;
  @ApiProperty({ example: '110***********002X' }) idNumber: string;
}

export class LiveObligationDto {
  @ApiProperty() material: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: OBLIGATION_STATUSES.filter((s) => s !== 'void'), description: 'Void obligations are left out' }) status: string;
}

export class ShipmentDto {
  @ApiProperty({ example: 'EMS' }) carrier: string;
  @ApiProperty() trackingNumber: string;
}

export class CaseLiveViewDto {
  @ApiProperty() caseNumber: string;
  @ApiProperty({ description: 'Ignore pushed views that are not newer' }) version: number;
  @ApiProperty() hallName: string;
  @ApiProperty() itemName: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ example: '审查中' }) statusLabel: string;
  @ApiProperty({ type: MaskedApplicantDto, description: 'Masked name and ID number' }) applicant: MaskedApplicantDto;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ nullable: true, type: String }) acceptedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) promisedDueAt: string | null;
  @ApiProperty({ nullable: true, type: String }) legalDueAt: string | null;
  @ApiProperty() suspended: boolean;
  @ApiProperty() extended: boolean;
  @ApiProperty() revoked: boolean;
  @ApiProperty({ type: [CaseStepViewDto] }) steps: CaseStepViewDto[];
  @ApiProperty({ type: [String] }) missingMaterials: string[];
  @ApiProperty({
    type: [String],
    nullable: true,
    description: 'An online case waiting for its 补正: its materials in checklist order, the {index} of POST /case-materials/{index}/files',
  })
  onlineCorrection: string[] | null;
  @ApiProperty({ type: [LiveObligationDto] }) obligations: LiveObligationDto[];
  @ApiProperty({ enum: DELIVERY_OPTIONS }) deliveryMethod: DeliveryOption;
  @ApiProperty() readyForPickup: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'While the result waits at the pickup windows: the pickup code (取件码) to quote there',
  })
  pickupCode: string | null;
  @ApiProperty({ nullable: true, type: ShipmentDto }) shipment: ShipmentDto | null;
  @ApiProperty({ nullable: true, type: String }) concludedAt: string | null;
  @ApiProperty() at: string;
}
