import { BUCKET_COUNT, bucketOf } from './histogram';
import { caseMeasures, concludedEarly, concludedOnTime, onTimeMeasures, queueMeasures, share } from './measures';

const MIN = 60_000;

describe('the managers’ case measures', () => {
  it('counts a case concluded at or before its promised due as on time, one a millisecond later as overdue', () => {
    const due = new Date('2025-10-10T15:59:59.999Z');
    expect(concludedOnTime(new Date('2025-10-10T15:59:59.999Z'), due)).toBe(true);
    expect(concludedOnTime(new Date('2025-10-09T01:00:00Z'), due)).toBe(true);
    expect(concludedOnTime(new Date('2025-10-10T16:00:00Z'), due)).toBe(false);
  });

  it('counts a case as early only when concluded on a local day before the due’s', () => {
    expect(concludedEarly('2025-10-09', '2025-10-10')).toBe(true);
    expect(concludedEarly('2025-10-10', '2025-10-10')).toBe(false);
    expect(concludedEarly('2025-10-11', '2025-10-10')).toBe(false);
  });

  it('divides by the concluded cases: 按时办结率, 提前办结率, 即办率, 一次办结率, and overdue as the rest', () => {
    expect(caseMeasures({ concluded: 8, onTime: 6, early: 2, instant: 4, oneVisit: 5 })).toEqual({
      overdue: 2,
      onTimeRate: 6 / 8,
      earlyRate: 2 / 8,
      instantRate: 4 / 8,
      oneVisitRate: 5 / 8,
    });
  });

  it('has no rate without a concluded case (not 0 %)', () => {
    expect(onTimeMeasures({ concluded: 0, onTime: 0, early: 0 })).toEqual({ overdue: 0, onTimeRate: null, earlyRate: null });
    expect(caseMeasures({ concluded: 0, onTime: 0, early: 0, instant: 0, oneVisit: 0 }).instantRate).toBeNull();
    expect(share(0, 0)).toBeNull();
    expect(share(0, 3)).toBe(0);
  });
});

describe('the managers’ queue measures', () => {
  const waits = (minutes: number[]) => {
    const counts = new Array<number>(BUCKET_COUNT).fill(0);
    for (const m of minutes) counts[bucketOf(m * MIN)]++;
    return counts;
  };

  it('等候达标率 is the tickets first called within the target wait over those called; 弃号率 the no-shows over those called', () => {
    const m = queueMeasures({ called: 4, noShow: 1, waitCounts: waits([5, 20, 21, 40]), targetWaitMinutes: 20 });
    expect(m.withinTarget).toBe(2);
    expect(m.targetWaitRate).toBe(2 / 4);
    expect(m.noShowRate).toBe(1 / 4);
  });

  it('has no rate when nothing was called', () => {
    expect(queueMeasures({ called: 0, noShow: 0, waitCounts: waits([]), targetWaitMinutes: 20 })).toEqual({
      withinTarget: 0,
      targetWaitRate: null,
      noShowRate: null,
    });
  });
});
