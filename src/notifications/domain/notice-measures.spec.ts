import fc from 'fast-check';
import { noticeMeasures } from './notice-measures';

const rowArb = fc
  .record({
    day: fc.constantFrom('2026-12-01', '2026-12-02', '2026-12-03'),
    channel: fc.constantFrom('page', 'sms'),
    delivered: fc.nat(50),
    failed: fc.nat(50),
  })
  .chain((r) => fc.nat(r.delivered).map((retried) => ({ ...r, retried })));

describe('noticeMeasures', () => {
  it('adds up per channel and day to the same totals, with the delivery rate of each group', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 20 }), (rows) => {
        const m = noticeMeasures(rows);
        const sum = (k: 'delivered' | 'failed' | 'retried') => rows.reduce((s, r) => s + r[k], 0);
        expect(m.total).toMatchObject({ delivered: sum('delivered'), failed: sum('failed'), retried: sum('retried') });
        expect(m.channels.reduce((s, c) => s + c.delivered, 0)).toBe(sum('delivered'));
        for (const c of [m.total, ...m.channels, ...m.channels.flatMap((ch) => ch.days)]) {
          expect(c.deliveryRate).toBe(c.delivered + c.failed === 0 ? null : c.delivered / (c.delivered + c.failed));
          expect(c.retried).toBeLessThanOrEqual(c.delivered);
        }
        for (const c of m.channels) expect(c.days.reduce((s, d) => s + d.failed, 0)).toBe(c.failed);
      }),
    );
  });
});
