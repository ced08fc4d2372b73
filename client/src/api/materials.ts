/** Material files (材料电子化): see the server's CaseFilesController. */
import type { components } from './generated/openapi';

/** A file uploaded for an application still being filled in; its id goes into materials[].fileIds. */
export type StagedFile = components['schemas']['StagedFileDto'];

/** A file of a case's material; its `url` is signed and expiring, for <img> and <iframe>, which send no token. */
export type CaseFile = components['schemas']['CaseFileDto'];
export type CaseMaterialFiles = components['schemas']['CaseMaterialFilesDto'];
export type CaseMaterials = components['schemas']['CaseMaterialsDto'];

/** What the file chooser offers; the server reads the type from the bytes all the same. */
export const MATERIAL_FILE_ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
