// Shapes of the staffing planner (窗口配置) as the manager page uses them: the server's own schemas
// (tag "staffing" of /api/docs-json), through the types `npm run api:types` generates.
import type { components } from './generated/openapi';
import { api } from './http';

type Schemas = components['schemas'];

export type QueueModel = Schemas['PlanDto']['model'];
export type QueueFigures = Schemas['QueueFiguresDto'];
export type PlanRow = Schemas['PlanRowDto'];
export type WhatIfRow = Schemas['WhatIfRowDto'];

export const staffingApi = {
  plan: (hallId: string, query: Record<string, string>, signal?: AbortSignal) =>
    api.get<Schemas['PlanDto']>(`/halls/${hallId}/staffing/plan`, { query, signal }),
  whatIf: (hallId: string, body: Schemas['WhatIfDto'], signal?: AbortSignal) =>
    api.post<Schemas['WhatIfResultDto']>(`/halls/${hallId}/staffing/what-if`, body, { signal, silent: true }),
  simulate: (hallId: string, body: Schemas['SimulateDto']) =>
    api.post<Schemas['SimulateResultDto']>(`/halls/${hallId}/staffing/simulate`, body),
};
