import fc from 'fast-check';
import { checkOnlineApplication, OnlineApplicationFacts } from './online-application';

const MATERIALS = [
  { name: '申请书', necessity: 'required' as const },
  { name: '身份证明', necessity: 'required' as const },
  { name: '章程', necessity: 'deferrable' as const },
  { name: '委托书', necessity: 'optional' as const },
];

function facts(overrides: Partial<OnlineApplicationFacts>): OnlineApplicationFacts {
  return {
    materials: MATERIALS,
    commitmentAllowed: false,
    attached: ['申请书', '身份证明'],
    commitment: false,
    commitmentAccepted: false,
    ...overrides,
  };
}

describe('checkOnlineApplication', () => {
  it('receives an application with every required material attached', () => {
    expect(checkOnlineApplication(facts({}))).toBeNull();
  });

  it('names every required material without a file, and only those', () => {
    fc.assert(
      fc.property(fc.subarray(MATERIALS.map((m) => m.name)), (attached) => {
        const missing = MATERIALS.filter((m) => m.necessity === 'required' && !attached.includes(m.name)).map((m) => m.name);
        const problem = checkOnlineApplication(facts({ attached }));
        expect(problem).toEqual(missing.length > 0 ? { code: 'ONLINE_MATERIALS_MISSING', materials: missing } : null);
      }),
    );
  });

  it('refuses a material the item does not ask for, and one named twice', () => {
    expect(checkOnlineApplication(facts({ attached: ['申请书', '身份证明', '户口本'] }))).toEqual({
      code: 'MATERIAL_UNKNOWN',
      materials: ['户口本'],
    });
    expect(checkOnlineApplication(facts({ attached: ['申请书', '身份证明', '申请书'] }))).toEqual({
      code: 'APPLICATION_MATERIAL_DUPLICATE',
      materials: ['申请书'],
    });
  });

  it('takes 告知承诺 only where the item offers it and the commitment is accepted', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), fc.boolean(), (allowed, commitment, accepted) => {
        const problem = checkOnlineApplication(facts({ commitmentAllowed: allowed, commitment, commitmentAccepted: accepted }));
        if (!commitment) expect(problem).toBeNull();
        else if (!allowed) expect(problem).toEqual({ code: 'COMMITMENT_NOT_OFFERED' });
        else expect(problem).toEqual(accepted ? null : { code: 'COMMITMENT_NOT_ACCEPTED' });
      }),
    );
  });
});
