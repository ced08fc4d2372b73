import fc from 'fast-check';
import { EventQueue } from './event-queue';

describe('EventQueue', () => {
  it('gives events by time, and those at one time in the order they were scheduled', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 })), (times) => {
        const q = new EventQueue<number>();
        times.forEach((t, i) => q.push(t, i));
        const out: { time: number; value: number }[] = [];
        while (!q.empty()) out.push(q.pop()!);
        const expected = times.map((time, value) => ({ time, value })).sort((a, b) => a.time - b.time || a.value - b.value);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('takes new events while being emptied', () => {
    const q = new EventQueue<string>();
    q.push(5, 'b');
    q.push(1, 'a');
    expect(q.pop()).toEqual({ time: 1, value: 'a' });
    q.push(3, 'c');
    expect(q.peekTime()).toBe(3);
    expect(q.size).toBe(2);
    q.clear();
    expect(q.empty()).toBe(true);
    expect(q.pop()).toBeUndefined();
  });
});
