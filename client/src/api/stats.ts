// Shapes of the statistics module's reports and of the managers' hall monitor, as the manager
// dashboard uses them (see /api/docs-json, tag "stats"). Rates are fractions, null without a denominator.

import type { WarningLevel } from '../../../src/calendar/domain/warning-level';
import type { OnlineMeasures } from '../../../src/cases/domain/online-measures';
import { RatingMeasures } from './evaluation';
import { api } from './http';

export interface ReportHeader {
  hallId: string;
  /** Local days of the hall, both included. */
  from: string;
  to: string;
  groupBy: string | null;
  timezone: string;
}

export interface GroupKey {
  key: string | null;
  /** What to show for the key: the period, the hour, or a name. */
  label: string;
}

export interface OnTimeGroup extends GroupKey {
  concluded: number;
  onTime: number;
  early: number;
  overdue: number;
  onTimeRate: number | null;
  earlyRate: number | null;
}

export interface OnTimeReport extends ReportHeader {
  groups: OnTimeGroup[];
  total: OnTimeGroup;
}

export interface CaseGroup extends OnTimeGroup {
  accepted: number;
  instant: number;
  oneVisit: number;
  extended: number;
  instantRate: number | null;
  oneVisitRate: number | null;
}

export interface CasesReport extends ReportHeader {
  groups: CaseGroup[];
  total: CaseGroup;
  /** Open cases past their promised due now. */
  openOverdue: number;
}

export interface QueueGroup extends GroupKey {
  called: number;
  withinTarget: number;
  targetWaitRate: number | null;
  noShow: number;
  noShowRate: number | null;
  waitAvgMs: number | null;
  waitP90Ms: number | null;
  serviceAvgMs: number | null;
  serviceP90Ms: number | null;
}

export interface QueueReport extends ReportHeader {
  targetWaitMinutes: number;
  groups: QueueGroup[];
  total: QueueGroup;
}

export interface RatingGroup extends RatingMeasures {
  label: string;
}

export interface RatingsReport extends ReportHeader {
  groups: RatingGroup[];
  total: RatingGroup;
}

export interface OverdueCase {
  caseId: string;
  caseNumber: string;
  itemName: string;
  departmentId: string;
  currentDepartmentId: string;
  status: string;
  assigneeId: string | null;
  acceptedAt: string;
  promisedDueAt: string;
  legalDueAt: string | null;
  warningLevel: WarningLevel | null;
  /** Past the promised due: until now, or for a suspended case until its clock stopped. */
  overdueMs: number;
}

export interface OverdueList {
  at: string;
  total: number;
  items: OverdueCase[];
}

/** The managers' hall monitor (GET /api/halls/{hallId}/monitor and the `monitor.state` push). */
export interface HallMonitor {
  hallId: string;
  /** When it was read; the newest wins. */
  at: string;
  localDate: string;
  waiting: { categoryId: string; prefix: string; name: string; waiting: number; longestWaitMs: number | null }[];
  longestWaitMs: number | null;
  windows: { id: string; number: number; name: string; status: 'open' | 'paused' | 'closed' }[];
  openWindows: number;
  cases: { green: number; yellow: number; red: number; red_card: number; overdue: number; suspended: number };
  today: { concluded: number; onTime: number; onTimeRate: number | null; called: number; targetWaitRate: number | null; noShow: number };
}

/** The reports a manager can export, by their route under /api/stats. */
export type StatsReport = 'on-time' | 'cases' | 'queue' | 'ratings' | 'overdue' | 'staff';

/** Staff figures per clerk or window (GET /api/stats/staff); durations in ms. */
export interface StaffGroup extends GroupKey {
  served: number;
  servingMs: number;
  walkMs: number;
  walkAvgMs: number | null;
  openMs: number;
  idleWhileWaitingMs: number;
  servedPerHour: number | null;
}

export interface StaffReport extends ReportHeader {
  groups: StaffGroup[];
  total: StaffGroup;
}

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
