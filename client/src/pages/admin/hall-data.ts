import { categoriesApi, departmentsApi, devicesApi, itemsApi, usersApi, windowsApi } from '../../api/admin';
import { WindowCategory } from '../../api/types';
import { useLoad } from '../../lib/use-load';

// The hall's configuration lists that several admin pages show or pick from.

export const useDepartments = (hallId: string) => useLoad((signal) => departmentsApi.list(hallId, signal), [hallId]);

export const useCategories = (hallId: string) =>
  useLoad(
    async (signal) =>
      (await categoriesApi.list(hallId, signal)).sort((a, b) => a.sortOrder - b.sortOrder || a.prefix.localeCompare(b.prefix)),
    [hallId],
  );

export const useItems = (hallId: string) => useLoad((signal) => itemsApi.list(hallId, signal), [hallId]);

export const useWindows = (hallId: string) =>
  useLoad(async (signal) => (await windowsApi.list(hallId, signal)).sort((a, b) => a.number - b.number), [hallId]);

export const useStaff = (hallId: string) => useLoad((signal) => usersApi.list(hallId, signal), [hallId]);

export const useDevices = (hallId: string) => useLoad((signal) => devicesApi.list(hallId, signal), [hallId]);

/** "A 企业开办与市场准入": how clerks name a category. */
export const categoryLabel = (c: WindowCategory) => `${c.prefix} ${c.name}`;

/** The database keeps times as HH:MM:SS; the hall thinks in HH:MM. */
export const hhmm = (time: string | null) => time?.slice(0, 5) ?? null;
