import fc from 'fast-check';
import { localDateTime, minutesOfDay, normalizeTime, timeOfMinutes, withinHours } from './local-day';

describe('localDateTime', () => {
  it('gives the hall-local day, not the UTC one', () => {
    // 23:30 UTC on 1 March is 07:30 on 2 March in Shanghai.
    expect(localDateTime(new Date('2026-03-01T23:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-03-02', time: '07:30:00' });
    expect(localDateTime(new Date('2026-03-01T23:30:00Z'), 'UTC')).toEqual({ date: '2026-03-01', time: '23:30:00' });
  });

  it('turns the day at local midnight', () => {
    expect(localDateTime(new Date('2026-03-02T15:59:59Z'), 'Asia/Shanghai').date).toBe('2026-03-02');
    expect(localDateTime(new Date('2026-03-02T16:00:00Z'), 'Asia/Shanghai')).toEqual({ date: '2026-03-03', time: '00:00:00' });
  });

  it('answers a repeated second from its cache exactly as a fresh formatter would, in any zone and order', () => {
    const fresh = (at: Date, timeZone: string) => {
      const p = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
        })
          .formatToParts(at)
          .map((x) => [x.type, x.value]),
      );
      return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}:${p.second}` };
    };
    const instant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(instant, fc.integer({ min: 0, max: 1999 }), fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'UTC', 'America/New_York')),
          { minLength: 1, maxLength: 20 },
        ),
        (asks) =>
          asks.every(([ms, within, zone]) => {
            // Each instant twice, the second time up to two seconds later: same second or the next.
            const a = new Date(ms);
            const b = new Date(ms + within);
            return (
              JSON.stringify(localDateTime(a, zone)) === JSON.stringify(fresh(a, zone)) &&
              JSON.stringify(localDateTime(b, zone)) === JSON.stringify(fresh(b, zone))
            );
          }),
      ),
    );
  });

  it('still refuses an invalid date', () => {
    expect(() => localDateTime(new Date(NaN), 'Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('withinHours', () => {
  it('includes the opening time and excludes the closing time', () => {
    expect(withinHours('08:30:00', '08:30:00', '17:00:00')).toBe(true);
    expect(withinHours('16:59:59', '08:30', '17:00')).toBe(true);
    expect(withinHours('17:00:00', '08:30', '17:00')).toBe(false);
    expect(withinHours('08:29:59', '08:30', '17:00')).toBe(false);
  });

  it('treats a missing bound as open', () => {
    expect(withinHours('03:00:00', null, null)).toBe(true);
    expect(withinHours('03:00:00', null, '17:00')).toBe(true);
    expect(withinHours('18:00:00', '08:30', null)).toBe(true);
  });
});

describe('time helpers', () => {
  it('normalizes and converts times', () => {
    expect(normalizeTime('9:05')).toBe('09:05:00');
    expect(minutesOfDay('13:30:00')).toBe(810);
    expect(timeOfMinutes(810)).toBe('13:30:00');
  });
});
