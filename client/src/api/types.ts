// Shapes of the server's JSON as the admin and hall pages use them: the response types are the ones
// generated from the server's OpenAPI document (npm run api:types), so a changed response fails the typecheck.
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

export type StaffRole = 'clerk' | 'approver' | 'manager' | 'admin' | 'security_admin' | 'audit_admin';
export type DeviceRole = 'display' | 'kiosk';

export type SessionUser = Schemas['SessionUserDto'];

/** A sign-in's answer: a session (full when `step` is `done`, else only for that step), or the TOTP step's challenge. */
export type LoginResponse =
  | { step: 'done' | 'change-password' | 'enrol-totp'; token: string; expiresAt: string; idleTimeoutSeconds: number; user: SessionUser }
  | { step: 'totp'; challenge: string; expiresAt: string };

export type SignedIn = Extract<LoginResponse, { token: string }>;

export type Hall = Schemas['HallDto'];

export type Department = Schemas['DepartmentDto'];

/** issueFrom/issueUntil are HH:MM:SS as the database returns them; send HH:MM. 实名取号 (realName): the kiosk and the phone ask for the applicant's resident ID. */
export type WindowCategory = Schemas['WindowCategoryDto'];

export const WINDOW_KINDS = ['comprehensive', 'pickup', 'consultation'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export type WindowStatus = 'open' | 'paused' | 'closed';

export interface ServedCategory {
  categoryId: string;
  weight: number;
}

export type HallWindow = Schemas['ServiceWindowDto'];

// The catalogue's vocabularies are the server's own (plain constants, no server code comes along).
export { CASE_TYPES, DELIVERY_OPTIONS, ITEM_TYPES, NECESSITIES } from '../../../src/catalog/domain/catalog-types';
export { LIMIT_UNITS } from '../../../src/calendar/domain/calendar-types';
import type { CaseType, DeliveryOption, ItemType, Necessity, TimeLimit } from '../../../src/catalog/domain/catalog-types';
import type { LimitUnit } from '../../../src/calendar/domain/calendar-types';
export type { CaseType, DeliveryOption, ItemType, LimitUnit, Necessity, TimeLimit };

export interface Material {
  id: string;
  name: string;
  necessity: Necessity;
  originals: number;
  copies: number;
  source: string | null;
  formUrl: string | null;
  sampleUrl: string | null;
  notes: string | null;
}

export interface ApprovalStep {
  id: string;
  name: string;
  timeSharePercent: number;
  departmentId: string | null;
}

export interface Fee {
  name: string;
  amount: number;
  basis?: string | null;
}

export interface ServiceItem {
  id: string;
  hallId: string;
  departmentId: string;
  categoryId: string;
  basicCode: string;
  implementationCode: string;
  name: string;
  version: number;
  itemType: ItemType;
  caseType: CaseType;
  legalLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  flagImmediate: boolean;
  flagOnline: boolean;
  flagNearby: boolean;
  flagOneVisit: boolean;
  visitsRequired: number;
  commitmentAllowed: boolean;
  /** 审批分离: each approval step of a case by a different approver. */
  distinctApprovers: boolean;
  fees: Fee[];
  legalBasis: string | null;
  acceptanceConditions: string | null;
  resultName: string | null;
  deliveryOptions: DeliveryOption[];
  bookable: boolean;
  slotMinutes: number | null;
  dailyQuota: number | null;
  active: boolean;
  materials: Material[];
  steps: ApprovalStep[];
}

export type StaffUser = Schemas['UserDto'];

export type DeviceToken = Schemas['DeviceTokenDto'];

/** The response to issuing a token: the only time the secret is ever sent. */
export type IssuedDeviceToken = Schemas['IssuedDeviceTokenDto'];
