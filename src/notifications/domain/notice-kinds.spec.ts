import fc from 'fast-check';
import { NOTICE_KIND_NAMES, NOTICE_KINDS, placeholdersOf, renderNotice, templateProblems } from './notice-kinds';

const word = fc.stringMatching(/^[A-Za-z]\w{0,8}$/);
const text = fc.string({ maxLength: 20 }).map((s) => s.replace(/[{}]/g, ''));

describe('notice templates', () => {
  it("a kind's placeholders are those of its default template, which is a usable override", () => {
    for (const kind of NOTICE_KIND_NAMES) {
      const { template, placeholders } = NOTICE_KINDS[kind];
      expect([...placeholders].sort()).toEqual(placeholdersOf(template).sort());
      expect(placeholders.length).toBeGreaterThan(0);
    }
    expect(templateProblems(Object.fromEntries(NOTICE_KIND_NAMES.map((k) => [k, NOTICE_KINDS[k].template])))).toEqual([]);
  });

  it('renders each placeholder as its parameter and leaves the rest of the text as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(text, word, text), { maxLength: 5 }), fc.dictionary(word, text), (parts, params) => {
        const template = parts.map(([before, name, after]) => `${before}{${name}}${after}`).join('');
        const expected = parts.map(([before, name, after]) => `${before}${params[name] ?? ''}${after}`).join('');
        expect(renderNotice(template, params)).toBe(expected);
      }),
    );
  });

  it('refuses an override for an unknown kind, with an unknown placeholder, or empty', () => {
    expect(templateProblems({ accepted: '已受理 {caseNumber}' })).toEqual([]);
    expect(templateProblems({ nope: 'x' })[0]).toContain('未知的通知类型 nope');
    expect(templateProblems({ accepted: '已受理 {pickupCode}' })[0]).toContain('{pickupCode}');
    expect(templateProblems({ accepted: ' ' })[0]).toContain('accepted');
    expect(templateProblems(['x'])).toHaveLength(1);
    fc.assert(
      fc.property(fc.constantFrom(...NOTICE_KIND_NAMES), word, (kind, name) => {
        const known = (NOTICE_KINDS[kind].placeholders as readonly string[]).includes(name);
        expect(templateProblems({ [kind]: `{${name}}` })).toHaveLength(known ? 0 : 1);
      }),
    );
  });
});
