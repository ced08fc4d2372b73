import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ServiceItemView } from '../catalog.service';
import { CASE_TYPES, DELIVERY_OPTIONS, ITEM_TYPES, NECESSITIES } from '../domain/catalog-types';
import type { CaseType, DeliveryOption, ItemType, Necessity, TimeLimit } from '../domain/catalog-types';
import { LIMIT_UNITS, LimitUnit } from '../../calendar/domain/calendar-types';
import type { ServiceItemMaterial } from '../entities/service-item-material.entity';
import type { ServiceItemStep } from '../entities/service-item-step.entity';

export class TimeLimitDto implements TimeLimit {
  @ApiProperty() value: number;
  @ApiProperty({ enum: LIMIT_UNITS }) unit: LimitUnit;
}

export class ItemFeeDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Yuan' }) amount: number;
  @ApiPropertyOptional() basis?: string;
}

export class ItemMaterialDto implements Omit<ServiceItemMaterial, 'item'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() position: number;
  @ApiProperty() name: string;
  @ApiProperty({ enum: NECESSITIES }) necessity: Necessity;
  @ApiProperty() originals: number;
  @ApiProperty() copies: number;
  @ApiProperty({ nullable: true, type: String }) source: string | null;
  @ApiProperty({ nullable: true, type: String }) formUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) sampleUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
}

export class ItemStepDto implements Omit<ServiceItemStep, 'item'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() position: number;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Share of the promised limit this step may use; the steps add up to 100' }) timeSharePercent: number;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
}

/** A service item (实施清单 entry): limits as {value, unit}, materials and steps in order. */
export class ServiceItemViewDto implements Omit<ServiceItemView, 'materials' | 'steps'> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) hallId: string;
  @ApiProperty({ format: 'uuid' }) departmentId: string;
  @ApiProperty({ format: 'uuid' }) categoryId: string;
  @ApiProperty() basicCode: string;
  @ApiProperty() implementationCode: string;
  @ApiProperty() name: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ITEM_TYPES }) itemType: ItemType;
  @ApiProperty({ enum: CASE_TYPES }) caseType: CaseType;
  @ApiProperty({ nullable: true, type: TimeLimitDto, description: '法定时限' }) legalLimit: TimeLimitDto | null;
  @ApiProperty({ type: TimeLimitDto, description: '承诺时限' }) promisedLimit: TimeLimitDto;
  @ApiProperty() flagImmediate: boolean;
  @ApiProperty() flagOnline: boolean;
  @ApiProperty() flagNearby: boolean;
  @ApiProperty() flagOneVisit: boolean;
  @ApiProperty() visitsRequired: number;
  @ApiProperty() commitmentAllowed: boolean;
  @ApiProperty({ type: [ItemFeeDto] }) fees: ItemFeeDto[];
  @ApiProperty({ nullable: true, type: String }) legalBasis: string | null;
  @ApiProperty({ nullable: true, type: String }) acceptanceConditions: string | null;
  @ApiProperty({ nullable: true, type: String }) resultName: string | null;
  @ApiProperty({ enum: DELIVERY_OPTIONS, isArray: true }) deliveryOptions: DeliveryOption[];
  @ApiProperty({ description: '全程网办: an online case needs no visit at all' }) fullyOnline: boolean;
  @ApiProperty() bookable: boolean;
  @ApiProperty({ nullable: true, type: Number }) slotMinutes: number | null;
  @ApiProperty({ nullable: true, type: Number }) dailyQuota: number | null;
  @ApiProperty({ description: 'Nobody passes two steps of one case' }) distinctApprovers: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [ItemMaterialDto] }) materials: ItemMaterialDto[];
  @ApiProperty({ type: [ItemStepDto] }) steps: ItemStepDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
