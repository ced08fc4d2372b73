// Shapes of the cases module's JSON (办件: back office, pickup, the citizen's page) and of its pushes,
// as the back-office, pickup, manager and citizen pages use them (see /api/docs-json and
// src/realtime/realtime-events.ts).

import type { components } from './generated/openapi';
import { api } from './http';
import { CaseFile, CaseMaterials, StagedFile } from './materials';
import { Application, ApplicationResult, CaseDocument, MaterialAssessment } from './queue-types';

// The vocabulary is the server's own (plain constants in its domain folders, no server code comes along).
export { WARNING_LEVELS } from '../../../src/calendar/domain/warning-level';
export type { WarningLevel } from '../../../src/calendar/domain/warning-level';
export { REMEDIES, SPECIAL_PROCEDURES, WORKLIST_STATUSES } from '../../../src/cases/domain/case-state-machine';
export type { Remedy, SpecialProcedure } from '../../../src/cases/domain/case-state-machine';
export type { CaseType } from './types';

type Schemas = components['schemas'];

/** A work-list row; the applicant's name and ID number are masked by the server. */
export type CaseListEntry = Schemas['CaseListEntryDto'];
/** A case's full view; `allowedMoves` are the state-machine moves the caller's role may make now. */
export type CaseDetail = Schemas['CaseDto'];
export type CaseEvent = Schemas['CaseEventDto'];
/** A result waiting at the pickup windows; the applicant's name and ID number are masked by the server. */
export type PickupEntry = Schemas['PickupEntryDto'];

/** The citizen's page; every time is local to the hall with its offset, e.g. 2026-03-16T17:30:00+08:00. */
export type { CaseLiveView } from '../../../src/realtime/realtime-events';

// Pushes (socket.io events) the pages follow: the server's own payload types, as for CaseLiveView.
export type { CaseWarning as CaseWarningPush, WorklistChanged as WorklistChangedPush } from '../../../src/realtime/realtime-events';

// Calls (tag "cases" of /api/docs-json). A case's moves answer with the case as it now stands; their
// errors are shown by the page that made them (silent).

export type CaseNotice = Schemas['CaseNoticeDto'];
export type PreExamEntry = Schemas['PreExaminationEntryDto'];
export type PreExamDecision = Schemas['PreExaminationDto'];
export type OnlineCaseAtWindow = Schemas['CaseDto'];

export const WORK_LIST_ASSIGNEES = ['me', 'none'] as const;

export const casesApi = {
  get: (caseId: string, signal?: AbortSignal) => api.get<CaseDetail>(`/cases/${caseId}`, { signal, silent: true }),
  events: (caseId: string, signal?: AbortSignal) => api.get<CaseEvent[]>(`/cases/${caseId}/events`, { signal, silent: true }),
  materials: (caseId: string, signal?: AbortSignal) => api.get<CaseMaterials>(`/cases/${caseId}/materials`, { signal, silent: true }),
  notices: (caseId: string, signal?: AbortSignal) => api.get<CaseNotice[]>(`/cases/${caseId}/notices`, { signal, silent: true }),
  /** One state-machine move (claim, advance, suspend, hand-over, mail …) with its body. */
  move: (caseId: string, move: string, body: object = {}) => api.post<CaseDetail>(`/cases/${caseId}/${move}`, body, { silent: true }),
  /** A file for one of the case's materials; `replaces` names the file it is a new version of. */
  uploadFile: (caseId: string, index: number, file: File, replaces?: string) =>
    api.upload<CaseFile>(`/cases/${caseId}/materials/${index}/files`, file, file.name, { query: { replaces }, silent: true }),
  /** A printable notice (受理通知书 …) as the server renders it (HTML). */
  document: (caseId: string, kind: CaseDocument) => api.file(`/cases/${caseId}/documents/${kind}`, { silent: true }),
  workList: (
    hallId: string,
    query: { dueBefore?: string; assignee?: (typeof WORK_LIST_ASSIGNEES)[number]; departmentId?: string },
    signal?: AbortSignal,
  ) => api.get<CaseListEntry[]>(`/halls/${hallId}/work-list`, { query, signal }),
  pickups: (hallId: string, query: { code?: string; idNumber?: string }, signal?: AbortSignal) =>
    api.get<PickupEntry[]>(`/halls/${hallId}/pickups`, { query, signal }),
  /** A new case (or bundle) from the window's acceptance form. */
  apply: (hallId: string, application: Application) =>
    api.post<ApplicationResult>(`/halls/${hallId}/applications`, application, { silent: true }),
  /** A file for an application still being filled in. */
  stage: (hallId: string, file: Blob, fileName: string) =>
    api.upload<StagedFile>(`/halls/${hallId}/uploads`, file, fileName, { silent: true }),
  /** What the item asks of this applicant's materials (免提交, 告知承诺), while the form is filled in. */
  assess: (itemId: string, body: Schemas['MaterialAssessmentRequestDto'], signal?: AbortSignal) =>
    api.post<MaterialAssessment>(`/items/${itemId}/material-assessment`, body, { silent: true, signal }),
  preExaminations: (hallId: string, signal?: AbortSignal) => api.get<PreExamEntry[]>(`/halls/${hallId}/pre-examinations`, { signal }),
  preExamine: (caseId: string, decision: PreExamDecision) => api.post(`/cases/${caseId}/pre-examination`, decision, { silent: true }),
  /** 只跑一次: an online case found at the window by its number, and its originals seen there. */
  byNumber: (hallId: string, no: string) => api.get<OnlineCaseAtWindow>(`/halls/${hallId}/case-by-number`, { query: { no }, silent: true }),
  originalsSighted: (caseId: string, ticketId: string) =>
    api.post<OnlineCaseAtWindow>(`/cases/${caseId}/originals-sighted`, { ticketId }, { silent: true }),
};
