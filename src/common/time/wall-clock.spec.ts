import { isKnownTimeZone, wallClockAt, zoneOffsetMs } from './wall-clock';

describe('wallClockAt', () => {
  it('reads the zone, not the server', () => {
    const at = Date.parse('2026-03-01T23:30:15.900Z');
    expect(wallClockAt(at, 'Asia/Shanghai')).toEqual({ year: 2026, month: 3, day: 2, hour: 7, minute: 30, second: 15 });
    expect(wallClockAt(at, 'UTC')).toEqual({ year: 2026, month: 3, day: 1, hour: 23, minute: 30, second: 15 });
  });

  it('writes midnight as hour 0, not 24', () => {
    expect(wallClockAt(Date.parse('2026-03-02T16:00:00Z'), 'Asia/Shanghai').hour).toBe(0);
  });
});

describe('zoneOffsetMs', () => {
  it('gives the offset on each side of a DST switch', () => {
    expect(zoneOffsetMs(Date.parse('2026-03-08T06:59:59Z'), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-03-08T07:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-03-08T07:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
  });
});

describe('isKnownTimeZone', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('Asia/Urumqi')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
