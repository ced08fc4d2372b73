// Shapes of the server's JSON as the admin and hall pages use them: the response types are the ones
// generated from the server's OpenAPI document (npm run api:types), so a changed response fails the typecheck.
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

export type { DeviceRole, StaffRole } from '../../../src/auth/principal';

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

export { WINDOW_KINDS } from '../../../src/halls/domain/window-vocabulary';
export type { WindowKind, WindowStatus } from '../../../src/halls/domain/window-vocabulary';

/** A category a window serves, as the window form sends it. */
export type ServedCategory = Schemas['ServedCategoryDto'];

export type HallWindow = Schemas['ServiceWindowDto'];

// The catalogue's vocabularies are the server's own (plain constants, no server code comes along).
export { CASE_TYPES, DELIVERY_OPTIONS, ITEM_TYPES, NECESSITIES } from '../../../src/catalog/domain/catalog-types';
export { LIMIT_UNITS } from '../../../src/calendar/domain/calendar-types';
import type { CaseType, DeliveryOption, ItemType, Necessity, TimeLimit } from '../../../src/catalog/domain/catalog-types';
import type { LimitUnit } from '../../../src/calendar/domain/calendar-types';
export type { CaseType, DeliveryOption, ItemType, LimitUnit, Necessity, TimeLimit };

export type Material = Schemas['ItemMaterialDto'];
export type ApprovalStep = Schemas['ItemStepDto'];
export type Fee = Schemas['ItemFeeDto'];
export type ServiceItem = Schemas['ServiceItemViewDto'];

export type StaffUser = Schemas['UserDto'];

export type DeviceToken = Schemas['DeviceTokenDto'];

/** The response to issuing a token: the only time the secret is ever sent. */
export type IssuedDeviceToken = Schemas['IssuedDeviceTokenDto'];
