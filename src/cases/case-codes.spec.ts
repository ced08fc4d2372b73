import { formatCaseNumber, randomCode } from './case-codes';

describe('case codes', () => {
  it("numbers a case by hall code, local date and the day's sequence", () => {
    expect(formatCaseNumber('DEMO', '2026-03-02', 7)).toBe('DEMO-20260302-0007');
    expect(formatCaseNumber('DEMO', '2026-03-02', 12345)).toBe('DEMO-20260302-12345');
  });

  it('draws query and pickup codes from the Crockford alphabet (no I, L, O, U)', () => {
    const codes = Array.from({ length: 200 }, () => randomCode());
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
