/** Material files (材料电子化): see the server's CaseFilesController. */
import type { components } from './generated/openapi';

export type MaterialMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** A file uploaded for an application still being filled in; its id goes into materials[].fileIds. */
export type StagedFile = components['schemas']['StagedFileDto'];

export interface CaseFile {
  id: string;
  materialName: string;
  version: number;
  replacesId: string | null;
  fileName: string;
  mediaType: MaterialMediaType;
  size: number;
  pages: number;
  sha256: string;
  addedBy: string | null;
  addedByRole: string;
  addedAt: string;
  /** Signed, expiring: for <img> and <iframe>, which send no token. */
  url: string;
  urlExpiresAt: string;
}

export interface CaseMaterialFiles {
  index: number;
  name: string;
  necessity: 'required' | 'optional' | 'deferrable';
  files: { current: CaseFile; earlier: CaseFile[] }[];
  pages: number;
}

export interface CaseMaterials {
  caseId: string;
  acceptsFiles: boolean;
  totalBytes: number;
  maxFileBytes: number;
  maxCaseBytes: number;
  materials: CaseMaterialFiles[];
}

/** What the file chooser offers; the server reads the type from the bytes all the same. */
export const MATERIAL_FILE_ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
