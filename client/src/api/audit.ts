// The audit log's pages and its hash-chain check (tag "audit" of /api/docs-json).
import type { components } from './generated/openapi';
import { api } from './http';

type Schemas = components['schemas'];

export type AuditRecord = Schemas['AuditRecordDto'];
export type AuditPage = Schemas['AuditPageDto'];
export type ChainVerification = Schemas['ChainVerificationDto'];

export const auditApi = {
  page: (query: Record<string, string | number | undefined>, signal?: AbortSignal) => api.get<AuditPage>('/audit', { query, signal }),
  verify: () => api.get<ChainVerification>('/audit/verify'),
};
