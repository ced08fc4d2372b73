import { auth, HallRefs, issue, KIOSK_TOKEN, windowMove } from './queue-helpers';
import type { ManualClock } from './manual-clock';
import type { TestApp } from './test-app';

const at = (date: string, time: string) => `${date}T${time}+08:00`;
const clockTime = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

/**
 * A morning of the demo hall made as people make it, for the staffing planner's history: `issued`
 * A tickets from the kiosk spread over 10:00–11:00 of `date`, the first `served` of them called
 * at window 3 from 11:00, 15 minutes apart, and served for 12 minutes each.
 */
export async function morningOfA(
  t: TestApp,
  clock: ManualClock,
  refs: HallRefs,
  clerk: string,
  date: string,
  issued: number,
  served: number,
): Promise<void> {
  const W3 = refs.window[3];
  clock.set(at(date, '08:55:00'));
  await t.http.post(`/api/windows/${W3}/open`).set(auth(clerk)).expect(200);
  const ids: string[] = [];
  for (let i = 0; i < issued; i++) {
    clock.set(at(date, clockTime(600 + Math.floor((i * 59) / issued))));
    ids.push((await issue(t, { categoryId: refs.category.A, source: 'kiosk' }, { token: KIOSK_TOKEN }).expect(201)).body.id);
  }
  for (let i = 0; i < served; i++) {
    const base = 660 + i * 15;
    for (const [move, minute] of [
      ['call', base],
      ['start', base + 1],
      ['finish', base + 13],
    ] as const) {
      clock.set(at(date, clockTime(minute)));
      const res = await windowMove(t, clerk, W3, ids[i], move);
      if (res.status !== 200) throw new Error(`${move}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  clock.set(at(date, '11:50:00'));
  await t.http.post(`/api/windows/${W3}/close`).set(auth(clerk)).expect(200);
}
