// Sign-in, the session and the staff member's own account (tag "auth" of /api/docs-json).
import type { components } from './generated/openapi';
import { api, Credentials, RequestOptions } from './http';
import { LoginResponse, SessionUser, SignedIn } from './types';

type Schemas = components['schemas'];

export type TotpEnrolment = Schemas['TotpEnrolmentDto'];
export type TotpStatus = Schemas['TotpStatusDto'];
export type OwnSession = Schemas['OwnSessionDto'];
export type DevicePrincipal = Schemas['DevicePrincipalDto'];

/** The generated LoginResponseDto flattens the sign-in's union; here the confirmation's session is a full one. */
export type TotpConfirmed = Omit<Schemas['TotpConfirmedDto'], 'signIn'> & { signIn: SignedIn | null };

const anonymous = { credentials: { as: 'anonymous' }, silent: true } as const;

export const authApi = {
  login: (body: Schemas['LoginDto']) => api.post<LoginResponse>('/auth/login', body, anonymous),
  loginTotp: (body: Schemas['LoginTotpDto']) => api.post<LoginResponse>('/auth/login/totp', body, anonymous),
  /** Who the staff token belongs to now (its role and halls may have changed since sign-in). */
  me: (opts?: RequestOptions) => api.get<Pick<SessionUser, 'role' | 'hallIds' | 'departmentId'>>('/auth/me', opts),
  /** Who a device token belongs to. */
  device: (opts: RequestOptions) => api.get<DevicePrincipal>('/auth/me', opts),
  changePassword: (body: Schemas['ChangePasswordDto'], credentials: Credentials) =>
    api.post<SignedIn>('/auth/password', body, { credentials, silent: true }),
  totpStatus: (signal?: AbortSignal) => api.get<TotpStatus>('/auth/totp', { signal }),
  enrolTotp: (credentials: Credentials) => api.post<TotpEnrolment>('/auth/totp/enrol', undefined, { credentials, silent: true }),
  confirmTotp: (body: Schemas['TotpCodeDto'], credentials: Credentials) =>
    api.post<TotpConfirmed>('/auth/totp/confirm', body, { credentials, silent: true }),
  /** Ends the session on the server (also a session not finished yet). */
  logout: (token: string) => api.post('/auth/logout', undefined, { credentials: { as: 'pending', token }, silent: true }),
  sessions: (signal?: AbortSignal) => api.get<OwnSession[]>('/auth/sessions', { signal }),
};
