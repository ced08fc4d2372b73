import fc from 'fast-check';
import { hasForbiddenText, inputProblem, jsonDepthExceeds } from './input-guard';

/** The depth of a parsed JSON value, the way the guard counts it: each array or object one level. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value as object).map(depthOf));
}

describe('input guard', () => {
  it('counts the nesting of a JSON text as that of the value it parses to, strings and escapes aside', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(jsonDepthExceeds(text, limit)).toBe(depthOf(value) > limit);
      }),
      { seed: 19, numRuns: 500 },
    );
  });

  it('stops at the limit on a text far deeper than any stack', () => {
    expect(jsonDepthExceeds('['.repeat(1_000_000), 32)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[[{{{{\\"]]' }), 1)).toBe(false);
  });

  it('finds a forbidden character in any string or key, at any place, and names where', () => {
    const forbidden = fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\ud800', '\udc00');
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.string(), forbidden, fc.boolean(), (value, text, bad, asKey) => {
        const poisoned = asKey ? { [`${text}${bad}`]: value } : { wrap: [value, `${text}${bad}${text}`] };
        const problem = inputProblem(poisoned);
        expect(problem?.kind).toBe('control_character');
      }),
      { seed: 19, numRuns: 300 },
    );
  });

  it('leaves ordinary text alone: tabs, line breaks, CJK, emoji', () => {
    expect(hasForbiddenText('张三\t李四\r\n😀 ０１２')).toBe(false);
    expect(inputProblem({ a: ['张三\n', { b: '😀' }] })).toBeUndefined();
  });

  it('refuses an array or object of more than MAX_ELEMENTS, at any depth', () => {
    expect(inputProblem({ a: [{ b: Array.from({ length: 1001 }, () => 1) }] })).toEqual({ kind: 'too_many_elements', field: 'a.0.b' });
    expect(inputProblem({ a: Array.from({ length: 1000 }, () => 1) })).toBeUndefined();
    expect(inputProblem(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])))).toEqual({
      kind: 'too_many_elements',
      field: '',
    });
  });

  it('refuses a parsed value deeper than the limit without recursing', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    // (the walk stops at the limit, never at the bottom)
    expect(inputProblem(deep)).toEqual({ kind: 'too_deep', field: expect.any(String) });
  });
});
