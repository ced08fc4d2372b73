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
