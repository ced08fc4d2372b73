// Shapes of the server's JSON as the admin and hall pages use them (see /api/docs-json).

export type StaffRole = 'clerk' | 'approver' | 'manager' | 'admin' | 'security_admin' | 'audit_admin';
export type DeviceRole = 'display' | 'kiosk';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  hallIds: string[];
  departmentId: string | null;
}

/** A sign-in's answer: a session (full when `step` is `done`, else only for that step), or the TOTP step's challenge. */
export type LoginResponse =
  | { step: 'done' | 'change-password' | 'enrol-totp'; token: string; expiresAt: string; idleTimeoutSeconds: number; user: SessionUser }
  | { step: 'totp'; challenge: string; expiresAt: string };

export type SignedIn = Extract<LoginResponse, { token: string }>;

export interface TotpEnrolment {
  secret: string;
  uri: string;
  qrDataUrl: string;
}

export interface TotpStatus {
  enrolled: boolean;
  required: boolean;
  unusedRecoveryCodes: number;
}

export interface OwnSession {
  id: string;
  source: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

export interface DevicePrincipal {
  kind: 'device';
  id: string;
  role: DeviceRole;
  hallId: string;
}

export interface WorkingPeriod {
  start: string;
  end: string;
}

export interface Hall {
  id: string;
  code: string;
  name: string;
  address: string | null;
  timezone: string;
  workingHours: WorkingPeriod[];
  targetWaitMinutes: number;
}

export interface Department {
  id: string;
  hallId: string;
  code: string;
  name: string;
}

export interface WindowCategory {
  id: string;
  hallId: string;
  prefix: string;
  name: string;
  description: string | null;
  dailyCap: number | null;
  /** HH:MM:SS as the database returns it; send HH:MM. */
  issueFrom: string | null;
  issueUntil: string | null;
  sortOrder: number;
  /** 实名取号: the kiosk and the phone ask for the applicant's resident ID. */
  realName: boolean;
  personDailyLimit: number;
}

export const WINDOW_KINDS = ['comprehensive', 'pickup', 'consultation'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export type WindowStatus = 'open' | 'paused' | 'closed';

export interface ServedCategory {
  categoryId: string;
  weight: number;
}

export interface HallWindow {
  id: string;
  hallId: string;
  number: number;
  name: string;
  kind: WindowKind;
  status: WindowStatus;
  active: boolean;
  categories: ServedCategory[];
}

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

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  departmentId: string | null;
  active: boolean;
  hallIds: string[];
}

export interface DeviceToken {
  id: string;
  hallId: string;
  kind: DeviceRole;
  name: string;
  /** Last characters of the secret, so staff can tell tokens apart. */
  tokenHint: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** The response to issuing a token: the only time the secret is ever sent. */
export interface IssuedDeviceToken extends DeviceToken {
  token: string;
}
