import { isGood, isPoor, SCORE_LABELS, SCORES, scrubPersonalNumbers } from './rating-rules';

describe('rating scale', () => {
  it('has the five national levels, 差评 at 1–2 and 好评 at 4–5', () => {
    expect(SCORES.map((s) => SCORE_LABELS[s])).toEqual(['非常不满意', '不满意', '基本满意', '满意', '非常满意']);
    expect(SCORES.filter(isPoor)).toEqual([1, 2]);
    expect(SCORES.filter(isGood)).toEqual([4, 5]);
  });
});

describe('scrubPersonalNumbers', () => {
  it.each([
    ['请回电13812345678谢谢', '请回电138****5678谢谢'],
    ['电话 138-1234-5678', '电话 138******5678'],
    ['电话 138 1234 5678。', '电话 138******5678。'],
    ['+86 13812345678', '+86 138****5678'],
    ['８６１３８１２３４５６７８', '８６１３８****５６７８'],
    ['身份证11010519491231002x办不了', '身份证110***********002X办不了'],
    ['两个：13912345678，11010519491231002X', '两个：139****5678，110***********002X'],
  ])('masks %s', (input, expected) => {
    expect(scrubPersonalNumbers(input)).toBe(expected);
  });

  it.each([
    '等了两个小时，窗口态度很差',
    '办件编号 20260302000123456789 还没有结果',
    '订单号 2138123456789',
    '电话12345',
    '3号窗口',
  ])('leaves %s alone', (input) => {
    expect(scrubPersonalNumbers(input)).toBe(input);
  });
});
