import fc from 'fast-check';
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
    // Issue 19: written with dots or spaces, in any grouping.
    ['电话138.1234.5678', '电话138******5678'],
    ['电话 1381 234 5678', '电话 138******5678'],
    ['电话１３８．１２３４．５６７８', '电话１３８******５６７８'],
    ['身份证 110105 19491231 002X', '身份证 110*************002X'],
    ['身份证110105.1949.1231.002x', '身份证110**************002X'],
  ])('masks %s', (input, expected) => {
    expect(scrubPersonalNumbers(input)).toBe(expected);
  });

  it.each(['等了两个小时，窗口态度很差', '办件编号 20260302000123456789 还没有结果', '订单号 2138123456789', '电话12345', '3号窗口'])(
    'leaves %s alone',
    (input) => {
      expect(scrubPersonalNumbers(input)).toBe(input);
    },
  );

  it('leaves no phone or ID number readable, whatever separators are typed between its digits', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const sep = fc.constantFrom('', '', '', ' ', '.', '-', '．', '　', '·', '/', '  ');
    const phone = fc
      .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.array(digit, { minLength: 9, maxLength: 9 }))
      .map(([d, rest]) => ['1', d, ...rest]);
    const id = fc
      .tuple(fc.array(digit, { minLength: 17, maxLength: 17 }), fc.constantFrom('0', '7', 'X', 'x'))
      .map(([rest, last]) => [...rest, last]);
    fc.assert(
      fc.property(
        fc.oneof(phone, id),
        fc.array(sep, { minLength: 18, maxLength: 18 }),
        fc.constantFrom('请回电', '我的证件', ''),
        (digits, seps, before) => {
          const typed = digits.map((d, i) => (i === 0 ? d : seps[i] + d)).join('');
          const scrubbed = scrubPersonalNumbers(`${before}${typed}，谢谢`);
          // The middle of the number (what masking hides) is gone.
          expect(scrubbed.replace(/[^0-9Xx]/g, '')).not.toContain(digits.join('').slice(3, -4));
          expect(scrubbed.endsWith('，谢谢')).toBe(true);
        },
      ),
      { seed: 19, numRuns: 500 },
    );
  });
});
