import { api, RequestOptions } from './http';
import type { components } from './generated/openapi';
import type { DisplayState } from '../realtime/realtime';
import { Department, DeviceToken, Hall, HallWindow, IssuedDeviceToken, ServiceItem, StaffUser, WindowCategory } from './types';

export type DemoClock = components['schemas']['DemoClockDto'];

// The hall's configuration, as the admin pages keep it (see /api/docs-json, tags "halls", "catalogue",
// "users", "devices"). Form submits are silent: their errors go on the form's fields.

/** A list kept per hall (`/halls/{hallId}/<name>`) whose rows are changed at `/<name>/{id}`. */
function hallResource<T>(name: string) {
  return {
    list: (hallId: string, signal?: AbortSignal, opts?: RequestOptions) => api.get<T[]>(`/halls/${hallId}/${name}`, { ...opts, signal }),
    create: (hallId: string, body: unknown) => api.post<T>(`/halls/${hallId}/${name}`, body, { silent: true }),
    update: (id: string, body: unknown, opts: RequestOptions = { silent: true }) => api.patch<T>(`/${name}/${id}`, body, opts),
    remove: (id: string) => api.delete(`/${name}/${id}`),
  };
}

export const departmentsApi = hallResource<Department>('departments');
export const categoriesApi = hallResource<WindowCategory>('categories');
export const windowsApi = hallResource<HallWindow>('windows');
export const itemsApi = hallResource<ServiceItem>('items');

export const usersApi = {
  list: (hallId: string, signal?: AbortSignal) => api.get<StaffUser[]>('/users', { query: { hallId }, signal }),
  create: (body: unknown) => api.post<StaffUser>('/users', body, { silent: true }),
  update: (id: string, body: unknown, opts: RequestOptions = { silent: true }) => api.patch<StaffUser>(`/users/${id}`, body, opts),
};

export const devicesApi = {
  list: (hallId: string, signal?: AbortSignal) => api.get<DeviceToken[]>(`/halls/${hallId}/devices`, { signal }),
  /** The answer carries the token, shown once. */
  issue: (hallId: string, body: unknown) => api.post<IssuedDeviceToken>(`/halls/${hallId}/devices`, body, { silent: true }),
  revoke: (id: string) => api.post<DeviceToken>(`/devices/${id}/revoke`),
};

export const hallsApi = {
  list: (signal?: AbortSignal) => api.get<Hall[]>('/halls', { signal }),
  get: (hallId: string, opts?: RequestOptions) => api.get<Hall>(`/halls/${hallId}`, opts),
  /** The server's clock: the demo clock's reading when the server runs on it (`npm run demo`). */
  demoClock: (token: string) => api.get<DemoClock>('/demo-clock', { credentials: { as: 'device', token } }),
  /** What the hall's display screen shows now (device token). */
  displaySnapshot: (hallId: string, token: string) =>
    api.get<DisplayState>(`/halls/${hallId}/display-snapshot`, { credentials: { as: 'device', token }, silent: true }),
};
