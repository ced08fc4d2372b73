// Shapes of the statistics module's reports and of the managers' hall monitor, as the manager
// dashboard uses them (see /api/docs-json, tag "stats"). Rates are fractions, null without a denominator.

import type { OnlineMeasures } from '../../../src/cases/domain/online-measures';
import type { components } from './generated/openapi';
import { api } from './http';

type Schemas = components['schemas'];

export type OnTimeReport = Schemas['OnTimeReportDto'];
export type CasesReport = Schemas['CasesReportDto'];
export type QueueReport = Schemas['QueueReportDto'];
export type RatingsReport = Schemas['RatingsReportDto'];
/** Past the promised due (`overdueMs`): until now, or for a suspended case until its clock stopped. */
export type OverdueCase = Schemas['OverdueCaseDto'];
export type OverdueList = Schemas['OverdueListDto'];
/** The managers' hall monitor (GET /api/halls/{hallId}/monitor and the `monitor.state` push); the newest `at` wins. */
export type HallMonitor = Schemas['HallMonitorDto'];

/** The reports a manager can export, by their route under /api/stats. */
export type StatsReport = 'on-time' | 'cases' | 'queue' | 'ratings' | 'overdue' | 'staff';

/** Staff figures per clerk or window (GET /api/stats/staff); durations in ms. */
export type StaffGroup = Schemas['StaffGroupDto'];
export type StaffReport = Schemas['StaffReportDto'];

/** One statistics report (GET /api/stats/{report}); its errors are shown on its card. */
export const statsApi = {
  report: <T>(report: StatsReport | 'notices', query: Record<string, string | undefined>, signal?: AbortSignal) =>
    api.get<T>(`/stats/${report}`, { query, signal, silent: true }),
  staff: (query: Record<string, string | undefined>, signal?: AbortSignal) =>
    api.get<StaffReport>('/stats/staff', { query, signal, silent: true }),
  overdue: (hallId: string, signal?: AbortSignal) => api.get<OverdueList>('/stats/overdue', { query: { hallId, limit: 200 }, signal }),
  monitor: (hallId: string, signal?: AbortSignal) => api.get<HallMonitor>(`/halls/${hallId}/monitor`, { signal }),
  /** 线上线下一体化 (definitions: src/cases/domain/online-measures.ts). */
  online: (hallId: string, query: { from: string; to: string }, signal?: AbortSignal) =>
    api.get<OnlineMeasures>(`/halls/${hallId}/online-measures`, { query, signal, silent: true }),
};
