import fc from 'fast-check';
import { onlineMeasures } from './online-measures';

const empty = { channels: [], decisions: [], visits: [], certificateMaterials: 0, materials: 0 };

describe('onlineMeasures', () => {
  it('says null, not 0, for a rate with nothing to divide by', () => {
    expect(onlineMeasures(empty)).toEqual({
      cases: 0,
      onlineCases: 0,
      onlineRate: null,
      preExaminations: 0,
      preExamPassRate: null,
      preExamMedianMinutes: null,
      preExamMaxMinutes: null,
      visits: { none: 0, one: 0, more: 0 },
      certificateShare: null,
    });
  });

  it('counts a worked example', () => {
    const m = onlineMeasures({
      channels: ['online', 'window', 'online', 'window'],
      decisions: [
        { outcome: 'correct', waitedMinutes: 30 },
        { outcome: 'pass', waitedMinutes: 10 },
        { outcome: 'refuse', waitedMinutes: 50 },
        { outcome: 'pass', waitedMinutes: 20 },
      ],
      visits: [0, 1, 1, 2, 3],
      certificateMaterials: 0,
      materials: 12,
    });
    expect(m).toMatchObject({
      onlineRate: 0.5,
      preExamPassRate: 0.5,
      preExamMedianMinutes: 25,
      preExamMaxMinutes: 50,
      visits: { none: 1, one: 2, more: 2 },
      certificateShare: 0,
    });
  });

  it('keeps every rate within 0..1 and every visit counted once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('window' as const, 'online' as const)),
        fc.array(
          fc.record({ outcome: fc.constantFrom('pass' as const, 'correct' as const, 'refuse' as const), waitedMinutes: fc.nat(10_000) }),
        ),
        fc.array(fc.nat(5)),
        (channels, decisions, visits) => {
          const m = onlineMeasures({ channels, decisions, visits, certificateMaterials: 0, materials: 0 });
          for (const r of [m.onlineRate, m.preExamPassRate]) if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
          expect(m.visits.none + m.visits.one + m.visits.more).toBe(visits.length);
          if (m.preExamMedianMinutes !== null) expect(m.preExamMedianMinutes).toBeLessThanOrEqual(m.preExamMaxMinutes!);
        },
      ),
    );
  });
});
