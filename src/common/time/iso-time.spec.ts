import { formatInstant, isIsoDate, parseIsoInstant } from './iso-time';

describe('isIsoDate', () => {
  it.each(['2025-02-28', '2024-02-29', '2025-12-31'])('accepts %s', (d) => expect(isIsoDate(d)).toBe(true));
  it.each(['2025-02-29', '2025-02-30', '2025-13-01', '2025-1-01', '20250101', '2025-01-01T00:00', ''])('refuses %s', (d) =>
    expect(isIsoDate(d)).toBe(false),
  );
});

describe('parseIsoInstant', () => {
  it.each([
    ['2025-09-26T16:00+08:00', '2025-09-26T08:00:00.000Z'],
    ['2025-09-26T16:00:30+0800', '2025-09-26T08:00:30.000Z'],
    ['2025-09-26T08:00:00.5Z', '2025-09-26T08:00:00.500Z'],
    ['2025-09-26T02:15:00.123456-05:45', '2025-09-26T08:00:00.123Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
  ])('reads %s', (input, utc) => {
    expect(new Date(parseIsoInstant(input) as number).toISOString()).toBe(utc);
  });

  it.each([
    '2025-02-30T10:00+08:00',
    '2025-02-29T10:00+08:00',
    '2025-09-26T24:00+08:00',
    '2025-09-26T16:60+08:00',
    '2025-09-26T16:00:60+08:00',
    '2025-09-26T16:00',
    '2025-09-26',
    '2025-09-26T16:00+15:00',
    'yesterday',
    '',
  ])('refuses %s', (input) => {
    expect(parseIsoInstant(input)).toBeNull();
  });
});

describe('formatInstant', () => {
  it('writes the hall wall time with its offset', () => {
    expect(formatInstant(Date.parse('2025-10-10T09:30:00Z'), 'Asia/Shanghai')).toBe('2025-10-10T17:30:00+08:00');
    expect(formatInstant(Date.parse('2025-10-10T09:30:00.250Z'), 'Asia/Shanghai')).toBe('2025-10-10T17:30:00.250+08:00');
    expect(formatInstant(Date.parse('2025-01-15T12:00:00Z'), 'America/St_Johns')).toBe('2025-01-15T08:30:00-03:30');
    expect(formatInstant(Date.parse('2025-07-15T12:00:00Z'), 'Asia/Kathmandu')).toBe('2025-07-15T17:45:00+05:45');
  });

  it('round-trips through parseIsoInstant', () => {
    for (const ms of [0, 1_700_000_000_123, Date.parse('2025-03-09T07:30:00Z')]) {
      expect(parseIsoInstant(formatInstant(ms, 'America/New_York'))).toBe(ms);
    }
  });
});
