import { api } from '../../api/http';
import { Department, HallWindow, ServiceItem, StaffUser, WindowCategory } from '../../api/types';
import { useLoad } from '../../lib/use-load';

// The hall's configuration lists that several admin pages show or pick from.

export const useDepartments = (hallId: string) =>
  useLoad((signal) => api.get<Department[]>(`/halls/${hallId}/departments`, { signal }), [hallId]);

export const useCategories = (hallId: string) =>
  useLoad(
    async (signal) => {
      const categories = await api.get<WindowCategory[]>(`/halls/${hallId}/categories`, { signal });
      return categories.sort((a, b) => a.sortOrder - b.sortOrder || a.prefix.localeCompare(b.prefix));
    },
    [hallId],
  );

export const useItems = (hallId: string) => useLoad((signal) => api.get<ServiceItem[]>(`/halls/${hallId}/items`, { signal }), [hallId]);

export const useWindows = (hallId: string) =>
  useLoad(
    async (signal) => (await api.get<HallWindow[]>(`/halls/${hallId}/windows`, { signal })).sort((a, b) => a.number - b.number),
    [hallId],
  );

export const useStaff = (hallId: string) => useLoad((signal) => api.get<StaffUser[]>('/users', { query: { hallId }, signal }), [hallId]);

/** "A 企业开办与市场准入": how clerks name a category. */
export const categoryLabel = (c: WindowCategory) => `${c.prefix} ${c.name}`;

/** The database keeps times as HH:MM:SS; the hall thinks in HH:MM. */
export const hhmm = (time: string | null) => time?.slice(0, 5) ?? null;
