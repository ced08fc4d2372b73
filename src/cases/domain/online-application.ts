import type { MaterialNecessity } from './material-check';

export interface OnlineApplicationFacts {
  /** The item's checklist. */
  materials: readonly { name: string; necessity: MaterialNecessity }[];
  commitmentAllowed: boolean;
  /** Names of the materials the citizen attached files to. */
  attached: readonly string[];
  commitment: boolean;
  commitmentAccepted: boolean;
}

export type OnlineApplicationProblem =
  | { code: 'MATERIAL_UNKNOWN'; materials: string[] }
  | { code: 'APPLICATION_MATERIAL_DUPLICATE'; materials: string[] }
  | { code: 'ONLINE_MATERIALS_MISSING'; materials: string[] }
  | { code: 'COMMITMENT_NOT_OFFERED' }
  | { code: 'COMMITMENT_NOT_ACCEPTED' };

/**
 * Whether an online application may be received: every material it names is the item's, once;
 * every required material has a file (容缺 materials may follow, as at a window, once a clerk
 * allows it at pre-examination); 告知承诺 only where the item offers it, and then the applicant
 * must have accepted the written commitment.
 */
export function checkOnlineApplication(f: OnlineApplicationFacts): OnlineApplicationProblem | null {
  const known = new Set(f.materials.map((m) => m.name));
  const unknown = f.attached.filter((name) => !known.has(name));
  if (unknown.length > 0) return { code: 'MATERIAL_UNKNOWN', materials: unknown };
  const repeated = f.attached.filter((name, i) => f.attached.indexOf(name) !== i);
  if (repeated.length > 0) return { code: 'APPLICATION_MATERIAL_DUPLICATE', materials: [...new Set(repeated)] };
  const missing = f.materials.filter((m) => m.necessity === 'required' && !f.attached.includes(m.name)).map((m) => m.name);
  if (missing.length > 0) return { code: 'ONLINE_MATERIALS_MISSING', materials: missing };
  if (f.commitment && !f.commitmentAllowed) return { code: 'COMMITMENT_NOT_OFFERED' };
  if (f.commitment && !f.commitmentAccepted) return { code: 'COMMITMENT_NOT_ACCEPTED' };
  return null;
}
