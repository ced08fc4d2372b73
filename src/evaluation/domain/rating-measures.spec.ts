import { ratingMeasures } from './rating-measures';

const counts = (s1: number, s2: number, s3: number, s4: number, s5: number) => ({ 1: s1, 2: s2, 3: s3, 4: s4, 5: s5 });

describe('the 好差评 measures', () => {
  it('好评率 is the 4s and 5s over all ratings, 差评率 the 1s and 2s; a 3 counts in neither numerator but in the denominator', () => {
    const m = ratingMeasures({ byScore: counts(1, 2, 3, 4, 10), tasks: 0, closedTasks: 0 });
    expect(m.total).toBe(20);
    expect(m.good).toBe(14);
    expect(m.poor).toBe(3);
    expect(m.goodRate).toBe(14 / 20);
    expect(m.poorRate).toBe(3 / 20);
  });

  it('整改率 is the closed tasks over the tasks the ratings opened', () => {
    const m = ratingMeasures({ byScore: counts(2, 1, 0, 0, 0), tasks: 3, closedTasks: 2 });
    expect(m.rectificationRate).toBe(2 / 3);
    expect(ratingMeasures({ byScore: counts(2, 1, 0, 0, 0), tasks: 3, closedTasks: 0 }).rectificationRate).toBe(0);
  });

  it('has no rate where there is nothing to divide by: no ratings, or no tasks', () => {
    const none = ratingMeasures({ byScore: counts(0, 0, 0, 0, 0), tasks: 0, closedTasks: 0 });
    expect([none.total, none.good, none.poor]).toEqual([0, 0, 0]);
    expect([none.goodRate, none.poorRate, none.rectificationRate]).toEqual([null, null, null]);
    const praised = ratingMeasures({ byScore: counts(0, 0, 0, 1, 1), tasks: 0, closedTasks: 0 });
    expect(praised.goodRate).toBe(1);
    expect(praised.poorRate).toBe(0);
    expect(praised.rectificationRate).toBeNull();
  });

  it('lists the levels from 5 down to 1 with their names', () => {
    expect(ratingMeasures({ byScore: counts(1, 0, 0, 0, 2), tasks: 1, closedTasks: 0 }).levels).toEqual([
      { score: 5, level: '非常满意', count: 2 },
      { score: 4, level: '满意', count: 0 },
      { score: 3, level: '基本满意', count: 0 },
      { score: 2, level: '不满意', count: 0 },
      { score: 1, level: '非常不满意', count: 1 },
    ]);
  });
});
