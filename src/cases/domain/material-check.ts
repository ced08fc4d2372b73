import type { Necessity } from '../../catalog/domain/catalog-types';

/**
 * Which acceptance decisions a clerk may take, given the item's materials and what the clerk
 * ticked as provided. Optional materials never affect the outcome.
 */

export type MaterialNecessity = Necessity;

export interface ItemMaterial {
  name: string;
  necessity: MaterialNecessity;
}

/** Material name → what the clerk found. A material left unticked counts as missing. */
export type MaterialChecklist = Readonly<Record<string, 'provided' | 'missing'>>;

export interface MaterialCheckInput {
  materials: readonly ItemMaterial[];
  checklist: MaterialChecklist;
  /** The item allows 告知承诺. */
  commitmentAllowed: boolean;
  /** The applicant is recorded as 失信, which bars 容缺 and 告知承诺. */
  dishonest: boolean;
  /** 即办件: decided at acceptance, so no material can be owed after it. */
  instant?: boolean;
}

/** In the order a screen offers them. */
export const ACCEPTANCE_OPTIONS = ['accept', 'accept_on_commitment', 'request_correction', 'refuse'] as const;
export type AcceptanceOption = (typeof ACCEPTANCE_OPTIONS)[number];

export type OptionRefusal =
  | { code: 'REQUIRED_MATERIAL_MISSING'; materials: string[] }
  | { code: 'DEFERRAL_BARRED_DISHONEST'; materials: string[] }
  /** A case concluded at acceptance (即办件, 告知承诺) has no later deadline for a 容缺 material. */
  | { code: 'DEFERRAL_NOT_POSSIBLE'; materials: string[] }
  | { code: 'COMMITMENT_NOT_OFFERED' }
  | { code: 'COMMITMENT_BARRED_DISHONEST' }
  | { code: 'NOTHING_MISSING' };

export interface MaterialAssessment {
  /** What the clerk may choose. 不予受理 is always among them: it rests on more than materials. */
  options: AcceptanceOption[];
  /** Why each option not offered is not. */
  refused: Partial<Record<AcceptanceOption, OptionRefusal>>;
  /** 容缺 obligations the case takes on if accepted: the deferrable materials still missing. */
  obligations: string[];
  /** 一次性告知: every missing required and deferrable material, for one correction notice. */
  correctionNotice: string[];
}

export type AcceptanceChoiceResult = { ok: true; option: AcceptanceOption } | ({ ok: false } & OptionRefusal);

export function assessMaterials(input: MaterialCheckInput): MaterialAssessment {
  const missing = (necessity: MaterialNecessity): string[] =>
    input.materials.filter((m) => m.necessity === necessity && !isProvided(input.checklist, m.name)).map((m) => m.name);
  const missingRequired = missing('required');
  const missingDeferrable = missing('deferrable');

  const refused: Partial<Record<AcceptanceOption, OptionRefusal>> = {};
  const acceptRefusal =
    missingRequired.length > 0
      ? { code: 'REQUIRED_MATERIAL_MISSING' as const, materials: missingRequired }
      : input.dishonest && missingDeferrable.length > 0
        ? { code: 'DEFERRAL_BARRED_DISHONEST' as const, materials: missingDeferrable }
        : input.instant && missingDeferrable.length > 0
          ? { code: 'DEFERRAL_NOT_POSSIBLE' as const, materials: missingDeferrable }
          : undefined;
  if (acceptRefusal) refused.accept = acceptRefusal;

  // Checked in this order so the clerk hears the reason that cannot be fixed at the window first.
  if (!input.commitmentAllowed) refused.accept_on_commitment = { code: 'COMMITMENT_NOT_OFFERED' };
  else if (input.dishonest) refused.accept_on_commitment = { code: 'COMMITMENT_BARRED_DISHONEST' };
  else if (acceptRefusal) refused.accept_on_commitment = acceptRefusal;
  else if (missingDeferrable.length > 0) refused.accept_on_commitment = { code: 'DEFERRAL_NOT_POSSIBLE', materials: missingDeferrable };

  const correctionNotice = input.materials
    .filter((m) => m.necessity !== 'optional' && !isProvided(input.checklist, m.name))
    .map((m) => m.name);
  if (correctionNotice.length === 0) refused.request_correction = { code: 'NOTHING_MISSING' };

  return {
    options: ACCEPTANCE_OPTIONS.filter((option) => refused[option] === undefined),
    refused,
    obligations: acceptRefusal ? [] : missingDeferrable,
    correctionNotice,
  };
}

/** Checks the option the clerk submitted against the assessment. */
export function checkAcceptanceChoice(assessment: MaterialAssessment, option: AcceptanceOption): AcceptanceChoiceResult {
  const refusal = assessment.refused[option];
  return refusal ? { ok: false, ...refusal } : { ok: true, option };
}

function isProvided(checklist: MaterialChecklist, name: string): boolean {
  return Object.hasOwn(checklist, name) && checklist[name] === 'provided';
}
