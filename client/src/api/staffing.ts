// Shapes of the staffing planner (窗口配置) as the manager page uses them (see /api/docs-json, tag
// "staffing"). Shares are fractions; a wait is null when the roster cannot keep up (stable: false).

export type QueueModel = 'erlang-c' | 'erlang-a';

export interface QueueFigures {
  stable: boolean;
  probabilityOfWaiting: number;
  withinTargetShare: number;
  meanWaitMinutes: number | null;
  utilisation: number;
  abandonmentShare: number;
}

export interface PlanRow {
  hour: number;
  categoryId: string;
  forecast: { mean: number; standardDeviation: number; p10: number; p90: number };
  meanServiceMinutes: number;
  plannedWindows: number;
  plannedFrom: 'roster' | 'default';
  recommendedWindows: number;
  expected: QueueFigures;
}

export interface PlanCategory {
  id: string;
  prefix: string;
  name: string;
  meanServiceMinutes: number;
  serviceSource: 'history' | 'hall' | 'default';
  served: number;
  servingWindows: number;
}

export interface StaffingPlan {
  hallId: string;
  date: string;
  workingDay: boolean;
  model: QueueModel;
  targetWaitMinutes: number;
  targetShare: number;
  patienceMinutes: number | null;
  patienceSource: 'query' | 'history' | 'default' | null;
  weeks: number;
  baselineDates: string[];
  effects: { kind: 'month-start' | 'after-holiday'; categoryId: string; factor: number; days: number }[];
  categories: PlanCategory[];
  hours: number[];
  rows: PlanRow[];
}

export interface WhatIfRow {
  hour: number;
  categoryId: string;
  arrivalsPerHour: number;
  meanServiceMinutes: number;
  windows: number;
}

export interface WhatIfResultRow extends WhatIfRow, QueueFigures {
  offeredLoad: number;
  recommendedWindows: number;
}

export interface WhatIfResult {
  model: QueueModel;
  targetWaitMinutes: number;
  targetShare: number;
  patienceMinutes: number | null;
  rows: WhatIfResultRow[];
}

export interface SimulateResult extends WhatIfResult {
  seed: number;
  rows: (WhatIfResultRow & { simulated: QueueFigures & { arrivals: number; minutes: number } })[];
}
