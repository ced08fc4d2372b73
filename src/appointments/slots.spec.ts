import { addDays, daySlots, slotCapacity } from './slots';

describe('daySlots', () => {
  const hours = [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ];

  it('cuts each working period into whole slots', () => {
    const slots = daySlots(hours, 30);
    expect(slots).toHaveLength(6 + 8);
    expect(slots[0]).toEqual({ start: '09:00:00', end: '09:30:00' });
    expect(slots[5]).toEqual({ start: '11:30:00', end: '12:00:00' });
    expect(slots[6]).toEqual({ start: '13:30:00', end: '14:00:00' });
    expect(slots.at(-1)).toEqual({ start: '17:00:00', end: '17:30:00' });
  });

  it('drops a remainder shorter than a slot', () => {
    expect(daySlots(hours, 50).map((s) => s.start)).toEqual([
      '09:00:00',
      '09:50:00',
      '10:40:00',
      '13:30:00',
      '14:20:00',
      '15:10:00',
      '16:00:00',
    ]);
  });
});

describe('slotCapacity', () => {
  it('spreads the quota and rounds up', () => {
    expect(slotCapacity(40, 14)).toBe(3);
    expect(slotCapacity(14, 14)).toBe(1);
    expect(slotCapacity(5, 0)).toBe(0);
  });
});

describe('addDays', () => {
  it('crosses months and years', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-02', 0)).toBe('2026-03-02');
  });
});
