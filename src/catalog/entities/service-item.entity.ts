import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamped';
import type { LimitUnit } from '../../calendar/domain/calendar-types';
import type { CaseType, DeliveryOption, ItemType } from '../domain/catalog-types';
import { ServiceItemMaterial } from './service-item-material.entity';
import { ServiceItemStep } from './service-item-step.entity';

@Entity('service_items')
export class ServiceItem extends Timestamped {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'hall_id', type: 'uuid' }) hallId: string;
  @Column({ name: 'department_id', type: 'uuid' }) departmentId: string;
  @Column({ name: 'category_id', type: 'uuid' }) categoryId: string;
  @Column({ name: 'basic_code' }) basicCode: string;
  @Column({ name: 'implementation_code' }) implementationCode: string;
  @Column() name: string;
  @Column() version: number;
  @Column({ name: 'item_type', type: 'text' }) itemType: ItemType;
  @Column({ name: 'case_type', type: 'text' }) caseType: CaseType;
  @Column({ name: 'legal_limit_value', type: 'integer', nullable: true }) legalLimitValue: number | null;
  @Column({ name: 'legal_limit_unit', type: 'text', nullable: true }) legalLimitUnit: LimitUnit | null;
  @Column({ name: 'promised_limit_value' }) promisedLimitValue: number;
  @Column({ name: 'promised_limit_unit', type: 'text' }) promisedLimitUnit: LimitUnit;
  @Column({ name: 'flag_immediate' }) flagImmediate: boolean;
  @Column({ name: 'flag_online' }) flagOnline: boolean;
  @Column({ name: 'flag_nearby' }) flagNearby: boolean;
  @Column({ name: 'flag_one_visit' }) flagOneVisit: boolean;
  @Column({ name: 'visits_required' }) visitsRequired: number;
  @Column({ name: 'commitment_allowed' }) commitmentAllowed: boolean;
  @Column({ type: 'jsonb' }) fees: { name: string; amount: number; basis?: string }[];
  @Column({ name: 'legal_basis', type: 'text', nullable: true }) legalBasis: string | null;
  @Column({ name: 'acceptance_conditions', type: 'text', nullable: true }) acceptanceConditions: string | null;
  @Column({ name: 'result_name', type: 'text', nullable: true }) resultName: string | null;
  @Column({ name: 'delivery_options', type: 'text', array: true }) deliveryOptions: DeliveryOption[];
  /** 全程网办: an online case needs no visit at all. */
  @Column({ name: 'fully_online', default: false }) fullyOnline: boolean;
  @Column() bookable: boolean;
  @Column({ name: 'slot_minutes', type: 'integer', nullable: true }) slotMinutes: number | null;
  @Column({ name: 'daily_quota', type: 'integer', nullable: true }) dailyQuota: number | null;
  /** Different approvers for the steps of a case (承办, 审核, 批准): nobody passes two steps of one case. */
  @Column({ name: 'distinct_approvers' }) distinctApprovers: boolean;
  @Column() active: boolean;
  @OneToMany(() => ServiceItemMaterial, (m) => m.item, { cascade: true }) materials: ServiceItemMaterial[];
  @OneToMany(() => ServiceItemStep, (s) => s.item, { cascade: true }) steps: ServiceItemStep[];
}
