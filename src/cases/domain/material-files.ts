/**
 * Material files of a case as plain rules: which statuses take new files, how corrections chain
 * into versions, what a Range header asks for, and the signed links a browser opens.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CaseStatus, OPEN_CASE_STATUSES } from './case-state-machine';

/**
 * Files come in while the case is still being put together or examined: at the window and for an
 * online application (received), after a 一次性告知 (correction_requested), and while it is accepted,
 * in review or suspended for 补齐补正 (容缺 materials brought in, corrections). Once decided, the
 * materials are what the decision rested on; a closed case takes nothing.
 */
export const FILE_ACCEPTING_STATUSES: readonly CaseStatus[] = OPEN_CASE_STATUSES;

export function acceptsMaterialFiles(status: CaseStatus): boolean {
  return FILE_ACCEPTING_STATUSES.includes(status);
}

export interface VersionedFile {
  id: string;
  materialName: string;
  version: number;
  replacesId: string | null;
}

/** A file as it stands now, with the versions it corrected, newest first. */
export interface FileChain<T> {
  current: T;
  earlier: T[];
}

/**
 * Per material (in the order given), the chains of corrections: each current file (one nobody
 * replaced) with every earlier version behind it. Files come in upload order.
 */
export function fileChains<T extends VersionedFile>(files: readonly T[]): Map<string, FileChain<T>[]> {
  const byId = new Map(files.map((f) => [f.id, f]));
  const replaced = new Set(files.flatMap((f) => (f.replacesId ? [f.replacesId] : [])));
  const chains = new Map<string, FileChain<T>[]>();
  for (const f of files) {
    if (replaced.has(f.id)) continue;
    const earlier: T[] = [];
    for (
      let prev = f.replacesId ? byId.get(f.replacesId) : undefined;
      prev;
      prev = prev.replacesId ? byId.get(prev.replacesId) : undefined
    ) {
      earlier.push(prev);
    }
    const list = chains.get(f.materialName) ?? [];
    list.push({ current: f, earlier });
    chains.set(f.materialName, list);
  }
  return chains;
}

export type RangeRequest = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * One `bytes=` range of RFC 9110 (first-last, first-, or -suffix) against an object of `size`
 * bytes; null (send it whole) for no header, several ranges or a form not understood.
 */
export function parseByteRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** The signature of a link to one file until `expires` (seconds since the epoch). */
export function signFileLink(secret: string, fileId: string, expires: number): string {
  return createHmac('sha256', secret).update(`case-file:${fileId}:${expires}`).digest('base64url');
}

export type LinkCheck = 'ok' | 'expired' | 'invalid';

export function checkFileLink(secret: string, fileId: string, expires: number, signature: string, nowSeconds: number): LinkCheck {
  const expected = Buffer.from(signFileLink(secret, fileId, expires));
  const given = Buffer.from(signature);
  if (!Number.isSafeInteger(expires) || expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  return nowSeconds > expires ? 'expired' : 'ok';
}
