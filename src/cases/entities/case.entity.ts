import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LimitUnit } from '../../calendar/domain/calendar-types';
import type { CaseType, DeliveryOption } from '../../catalog/domain/catalog-types';
import type { WarningLevel } from '../../calendar/domain/warning-level';
import type { CaseStatus } from '../domain/case-state-machine';
import type { MaterialNecessity } from '../domain/material-check';
import type { ApplicantKind, CaseChannel } from '../domain/case-vocabulary';

/** The item's materials as the clerk checked them at the window. */
export interface CheckedMaterial {
  name: string;
  necessity: MaterialNecessity;
  provided: boolean;
  /** 免证办: the electronic certificate of this hall that satisfied it, and the case that issued it. */
  certificate?: { number: string; caseNumber: string };
}

/** A step of the item copied at acceptance, so a later change to the catalogue leaves running cases alone. */
export interface CaseStep {
  name: string;
  sharePercent: number;
  /** Set for the steps of a 联办件 that another department handles. */
  departmentId: string | null;
  dueAt: string | null;
  /** The approver who passed the step on; a return to it goes back to them. */
  handledBy?: string | null;
}

/**
 * The current state of a case; every move that led here is a row of case_events. The applicant's
 * name, identity number and contact are stored sealed (SM4 + HMAC-SM3, bound to this row and
 * column: PiiVault) beside their masked forms; only the accepting clerk's view and the printed
 * notices open them. Lookups by ID number go through the keyed fingerprint. When the retention
 * period of a closed case has passed, the sealed values and the fingerprint are removed and the
 * masked forms stay (personal_data_removed_at).
 */

@Entity('cases')
export class Case {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ name: 'bundle_id', type: 'uuid', nullable: true }) bundleId: string | null;
  @Column({ name: 'item_id', type: 'uuid' }) itemId: string;
  @Column({ name: 'item_name' }) itemName: string;
  @Column({ name: 'item_department_id', type: 'uuid' }) itemDepartmentId: string;
  @Column({ name: 'department_id', type: 'uuid' }) departmentId: string;
  @Column({ name: 'case_type', type: 'text' }) caseType: CaseType;
  @Column({ name: 'case_number' }) caseNumber: string;
  @Column({ name: 'query_code' }) queryCode: string;
  @Column({ name: 'local_date', type: 'date' }) localDate: string;
  @Column({ type: 'text' }) status: CaseStatus;
  @Column() version: number;
  @Column() extended: boolean;
  @Column({ name: 'extension_working_days' }) extensionWorkingDays: number;
  @Column() commitment: boolean;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'revocation_reason', type: 'text', nullable: true }) revocationReason: string | null;
  @Column({ name: 'applicant_kind', type: 'text' }) applicantKind: ApplicantKind;
  @Column({ name: 'applicant_name_enc', type: 'text', nullable: true }) applicantNameSealed: string | null;
  @Column({ name: 'applicant_name_masked' }) applicantNameMasked: string;
  @Column({ name: 'applicant_id_enc', type: 'text', nullable: true }) applicantIdSealed: string | null;
  @Column({ name: 'applicant_id_masked' }) applicantIdMasked: string;
  @Column({ name: 'applicant_id_fingerprint', type: 'text', nullable: true }) applicantIdFingerprint: string | null;
  @Column({ name: 'contact_name_enc', type: 'text', nullable: true }) contactNameSealed: string | null;
  @Column({ name: 'contact_name_masked', type: 'text', nullable: true }) contactNameMasked: string | null;
  @Column({ name: 'contact_phone_enc', type: 'text', nullable: true }) contactPhoneSealed: string | null;
  /** Null when the applicant gave no phone (it is what SMS notices go to). */
  @Column({ name: 'contact_phone_masked', type: 'text', nullable: true }) contactPhoneMasked: string | null;
  @Column({ name: 'personal_data_removed_at', type: 'timestamptz', nullable: true }) personalDataRemovedAt: Date | null;
  @Column({ name: 'ticket_id', type: 'uuid', nullable: true }) ticketId: string | null;
  @Column({ name: 'window_id', type: 'uuid', nullable: true }) windowId: string | null;
  /** The accepting clerk; null for an online case until a clerk pre-examines it. */
  @Column({ name: 'clerk_id', type: 'uuid', nullable: true }) clerkId: string | null;
  /** 网上申办 (online) or at a window. */
  @Column({ type: 'text', default: 'window' }) channel: CaseChannel;
  @Column({ type: 'jsonb' }) materials: CheckedMaterial[];
  @Column({ name: 'missing_materials', type: 'text', array: true }) missingMaterials: string[];
  @Column({ name: 'refusal_reason', type: 'text', nullable: true }) refusalReason: string | null;
  @Column({ name: 'delivery_method', type: 'text' }) deliveryMethod: DeliveryOption;
  @Column({ name: 'promised_limit_value' }) promisedLimitValue: number;
  @Column({ name: 'promised_limit_unit', type: 'text' }) promisedLimitUnit: LimitUnit;
  @Column({ name: 'legal_limit_value', type: 'integer', nullable: true }) legalLimitValue: number | null;
  @Column({ name: 'legal_limit_unit', type: 'text', nullable: true }) legalLimitUnit: LimitUnit | null;
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt: Date | null;
  @Column({ name: 'clock_start_at', type: 'timestamptz', nullable: true }) clockStartAt: Date | null;
  @Column({ name: 'promised_due_at', type: 'timestamptz', nullable: true }) promisedDueAt: Date | null;
  @Column({ name: 'legal_due_at', type: 'timestamptz', nullable: true }) legalDueAt: Date | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true }) concludedAt: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'jsonb' }) steps: CaseStep[];
  @Column({ name: 'current_step' }) currentStep: number;
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId: string | null;
  @Column({ name: 'warning_level', type: 'text', nullable: true }) warningLevel: WarningLevel | null;
  @Column({ name: 'next_warning_at', type: 'timestamptz', nullable: true }) nextWarningAt: Date | null;
  @Column({ type: 'text', nullable: true }) decision: 'approved' | 'denied' | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason: string | null;
  @Column({ type: 'text', array: true, nullable: true }) remedies: string[] | null;
  @Column({ name: 'reported_to', type: 'text', nullable: true }) reportedTo: string | null;
  @Column() visits: number;
  @Column({ name: 'pickup_code', type: 'text', nullable: true }) pickupCode: string | null;
  @Column({ name: 'result_ready_at', type: 'timestamptz', nullable: true }) resultReadyAt: Date | null;
  @Column({ name: 'picked_up_at', type: 'timestamptz', nullable: true }) pickedUpAt: Date | null;
  @Column({ type: 'text', nullable: true }) carrier: string | null;
  @Column({ name: 'tracking_number', type: 'text', nullable: true }) trackingNumber: string | null;
  @Column({ name: 'mailed_at', type: 'timestamptz', nullable: true }) mailedAt: Date | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ name: 'certificate_number', type: 'text', nullable: true }) certificateNumber: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
