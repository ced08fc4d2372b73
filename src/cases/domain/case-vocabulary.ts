/**
 * The words of a case other than its statuses and moves (those are the state machine's): each is
 * declared here once, and entities, DTOs, events and views import it.
 */

/** 网上申办 or at a window. */
export const CASE_CHANNELS = ['window', 'online'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

export const APPLICANT_KINDS = ['person', 'organisation'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** A 容缺 material the applicant owes: still owed, brought, past due, or no longer owed. */
export const OBLIGATION_STATUSES = ['open', 'fulfilled', 'lapsed', 'void'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

export const EXTENSION_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ExtensionRequestStatus = (typeof EXTENSION_REQUEST_STATUSES)[number];

/** Where an approval step stands on the citizen's page. */
export const STEP_STATES = ['done', 'current', 'pending'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** 网上预审: pass to a clerk's acceptance, ask for a 补正, or refuse. */
export const PRE_EXAMINATION_DECISIONS = ['pass', 'correct', 'refuse'] as const;
export type PreExaminationDecision = (typeof PRE_EXAMINATION_DECISIONS)[number];

/** The printed notices of a case. */
export const DOCUMENT_KINDS = ['acceptance-notice', 'correction-notice', 'refusal-notice', 'pickup-slip'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
