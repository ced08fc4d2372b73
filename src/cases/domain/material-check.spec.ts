import fc from 'fast-check';
import { ACCEPTANCE_OPTIONS, ItemMaterial, MaterialCheckInput, assessMaterials, checkAcceptanceChoice } from './material-check';

const MATERIALS: ItemMaterial[] = [
  { name: '申请书', necessity: 'required' },
  { name: '身份证明', necessity: 'required' },
  { name: '住所使用证明', necessity: 'deferrable' },
  { name: '章程', necessity: 'deferrable' },
  { name: '委托书', necessity: 'optional' },
];

function input(overrides: Partial<MaterialCheckInput>): MaterialCheckInput {
  return {
    materials: MATERIALS,
    checklist: { 申请书: 'provided', 身份证明: 'provided', 住所使用证明: 'provided', 章程: 'provided', 委托书: 'provided' },
    commitmentAllowed: false,
    dishonest: false,
    ...overrides,
  };
}

describe('assessMaterials', () => {
  it('allows plain acceptance when everything needed is there, whatever the optional ones', () => {
    const assessment = assessMaterials(
      input({ checklist: { 申请书: 'provided', 身份证明: 'provided', 住所使用证明: 'provided', 章程: 'provided', 委托书: 'missing' } }),
    );
    expect(assessment).toEqual({
      options: ['accept', 'refuse'],
      refused: { accept_on_commitment: { code: 'COMMITMENT_NOT_OFFERED' }, request_correction: { code: 'NOTHING_MISSING' } },
      obligations: [],
      correctionNotice: [],
    });
  });

  it('accepts with 容缺 obligations when only deferrable materials are missing', () => {
    const assessment = assessMaterials(input({ checklist: { 申请书: 'provided', 身份证明: 'provided', 住所使用证明: 'missing' } }));
    expect(assessment.options).toEqual(['accept', 'request_correction', 'refuse']);
    expect(assessment.obligations).toEqual(['住所使用证明', '章程']); // 章程 was not ticked at all
    expect(assessment.correctionNotice).toEqual(['住所使用证明', '章程']);
    expect(checkAcceptanceChoice(assessment, 'accept')).toEqual({ ok: true, option: 'accept' });
  });

  it('bars 容缺 for a dishonest applicant', () => {
    const assessment = assessMaterials(
      input({ dishonest: true, checklist: { 申请书: 'provided', 身份证明: 'provided', 章程: 'provided' } }),
    );
    expect(assessment.options).toEqual(['request_correction', 'refuse']);
    expect(assessment.obligations).toEqual([]);
    expect(checkAcceptanceChoice(assessment, 'accept')).toEqual({
      ok: false,
      code: 'DEFERRAL_BARRED_DISHONEST',
      materials: ['住所使用证明'],
    });
  });

  it('still accepts a dishonest applicant whose materials are complete', () => {
    expect(assessMaterials(input({ dishonest: true })).options).toEqual(['accept', 'refuse']);
  });

  it('refuses acceptance while a required material is missing and lists everything missing in one notice', () => {
    const assessment = assessMaterials(
      input({
        commitmentAllowed: true,
        checklist: { 申请书: 'provided', 身份证明: 'missing', 住所使用证明: 'missing', 章程: 'provided', 委托书: 'missing' },
      }),
    );
    expect(assessment.options).toEqual(['request_correction', 'refuse']);
    expect(checkAcceptanceChoice(assessment, 'accept')).toEqual({
      ok: false,
      code: 'REQUIRED_MATERIAL_MISSING',
      materials: ['身份证明'],
    });
    expect(checkAcceptanceChoice(assessment, 'accept_on_commitment')).toMatchObject({ code: 'REQUIRED_MATERIAL_MISSING' });
    expect(assessment.correctionNotice).toEqual(['身份证明', '住所使用证明']);
    expect(checkAcceptanceChoice(assessment, 'request_correction')).toEqual({ ok: true, option: 'request_correction' });
  });

  it('treats an unticked material as missing', () => {
    const assessment = assessMaterials(input({ checklist: {} }));
    expect(checkAcceptanceChoice(assessment, 'accept')).toMatchObject({ materials: ['申请书', '身份证明'] });
    expect(assessment.correctionNotice).toEqual(['申请书', '身份证明', '住所使用证明', '章程']);
  });

  it('is not fooled by a material named like an object property', () => {
    const assessment = assessMaterials(input({ materials: [{ name: 'constructor', necessity: 'required' }], checklist: {} }));
    expect(assessment.options).not.toContain('accept');
  });

  describe('告知承诺', () => {
    it('is offered when the item allows it', () => {
      expect(assessMaterials(input({ commitmentAllowed: true })).options).toEqual(['accept', 'accept_on_commitment', 'refuse']);
    });

    it('is barred for a dishonest applicant', () => {
      const assessment = assessMaterials(input({ commitmentAllowed: true, dishonest: true }));
      expect(checkAcceptanceChoice(assessment, 'accept_on_commitment')).toEqual({
        ok: false,
        code: 'COMMITMENT_BARRED_DISHONEST',
      });
    });

    it('is not offered while a 容缺 material is missing: the case concludes at once, nothing can be owed later', () => {
      const assessment = assessMaterials(
        input({ commitmentAllowed: true, checklist: { 申请书: 'provided', 身份证明: 'provided', 章程: 'provided' } }),
      );
      expect(assessment.options).toEqual(['accept', 'request_correction', 'refuse']);
      expect(checkAcceptanceChoice(assessment, 'accept_on_commitment')).toEqual({
        ok: false,
        code: 'DEFERRAL_NOT_POSSIBLE',
        materials: ['住所使用证明'],
      });
    });

    it('is not offered when the item does not allow it', () => {
      expect(checkAcceptanceChoice(assessMaterials(input({})), 'accept_on_commitment')).toEqual({
        ok: false,
        code: 'COMMITMENT_NOT_OFFERED',
      });
    });
  });

  describe('即办件', () => {
    it('accepts only with every 容缺 material there, since the case concludes at acceptance', () => {
      const missing = assessMaterials(input({ instant: true, checklist: { 申请书: 'provided', 身份证明: 'provided', 章程: 'provided' } }));
      expect(missing.options).toEqual(['request_correction', 'refuse']);
      expect(missing.obligations).toEqual([]);
      expect(checkAcceptanceChoice(missing, 'accept')).toEqual({ ok: false, code: 'DEFERRAL_NOT_POSSIBLE', materials: ['住所使用证明'] });
      expect(assessMaterials(input({ instant: true })).options).toEqual(['accept', 'refuse']);
    });
  });

  describe('properties', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const scenario = fc.record({
      materials: fc.uniqueArray(
        fc.record({
          name: fc.constantFrom(...names),
          necessity: fc.constantFrom('required' as const, 'optional' as const, 'deferrable' as const),
        }),
        { selector: (m) => m.name, maxLength: names.length },
      ),
      checklist: fc.dictionary(fc.constantFrom(...names), fc.constantFrom('provided' as const, 'missing' as const)),
      commitmentAllowed: fc.boolean(),
      dishonest: fc.boolean(),
      instant: fc.boolean(),
    });

    it('offers or refuses every option, never both', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const a = assessMaterials(s);
          for (const option of ACCEPTANCE_OPTIONS) {
            expect(a.options.includes(option)).toBe(a.refused[option] === undefined);
          }
          expect(a.options).toContain('refuse');
        }),
      );
    });

    it('accepts exactly when no required material is missing and 容缺 is not barred', () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const missing = (necessity: string) => s.materials.filter((m) => m.necessity === necessity && s.checklist[m.name] !== 'provided');
          const a = assessMaterials(s);
          const deferred = missing('deferrable').length;
          const acceptable = missing('required').length === 0 && (!s.dishonest || deferred === 0) && (!s.instant || deferred === 0);
          expect(a.options.includes('accept')).toBe(acceptable);
          expect(a.correctionNotice.length).toBe(missing('required').length + missing('deferrable').length);
          if (acceptable) expect(a.obligations).toEqual(missing('deferrable').map((m) => m.name));
        }),
      );
    });
  });
});
