import type { MoveCostProbe } from './call-next.bench';
import { startScreens } from './display.bench';
import { inBatches } from './lib/api';
import { BenchHall, createBenchHall, issueTickets } from './lib/bench-hall';
import { load1, percentile, sortedNumbers } from './lib/machine';
import type { MoveCost } from './lib/move-cost';
import type { Arrival } from './lib/screens-worker';
import { LoopResult, windowLoop } from './lib/window-loop';
import type { ServerInstance } from '../test/support/server-process';

export interface CityStep {
  halls: number;
  windows: number;
  calls: number;
  callsPerSecond: number;
  callP99Ms: number;
  displayP99Ms: number;
  delivered: number;
  failed: number;
  cost: MoveCost;
  load: number;
}

const WINDOWS_PER_HALL = 10;
/** Each window calls at most every 2 s: some 50–100 times a busy real window's pace (a call every 2–3 minutes). */
const PACE_MS = 2000;
const SECONDS = 10;
/** Enough that no window runs out in the 10 s at its pace. */
const TICKETS_PER_HALL = WINDOWS_PER_HALL * ((SECONDS * 1000) / PACE_MS + 3);
/** Two screens per hall, one on each instance. */
const SCREENS_PER_HALL = 2;

/**
 * A city on one deployment: `steps` (e.g. 1, 20, 200) halls of ten windows sharing one database
 * and two instances, each window's clerk on the instances in turn, every window calling at its
 * pace; two screens per hall. Halls are made once and reused by the larger steps.
 */
export async function cityBench(instances: ServerInstance[], steps: number[], probe: MoveCostProbe): Promise<CityStep[]> {
  const halls: BenchHall[] = [];
  const out: CityStep[] = [];
  for (const n of steps) {
    const more = await inBatches(
      Array.from({ length: n - halls.length }, (_, i) => halls.length + i),
      2,
      (i) => createBenchHall(instances[i % instances.length].url, `CITY-${i + 1}`, WINDOWS_PER_HALL),
    );
    halls.push(...more);
    const step = halls.slice(0, n);
    await inBatches(step, 4, (h) => issueTickets(instances[0].url, h, TICKETS_PER_HALL));
    const screens = step.flatMap((h) =>
      Array.from({ length: SCREENS_PER_HALL }, (_, k) => ({ url: instances[k % instances.length].url, token: h.displayToken })),
    );
    const thread = await startScreens({ urls: screens.map((s) => s.url), token: '', tokens: screens.map((s) => s.token) });
    thread.worker.postMessage('measure');
    let arrivals: Arrival[] = [];
    try {
      const { result, cost } = await probe<LoopResult[]>(
        () =>
          Promise.all(
            instances.map((instance, k) =>
              windowLoop(
                instance.url,
                step.flatMap((h) => h.windows).filter((_, i) => i % instances.length === k),
                SECONDS,
                PACE_MS,
              ),
            ),
          ),
        (rs) => rs.reduce((a, r) => a + r.moves, 0),
      );
      arrivals = await thread.collect();
      const calls = result.reduce((a, r) => a + r.calls, 0);
      const seconds = Math.max(...result.map((r) => r.seconds));
      out.push({
        halls: n,
        windows: n * WINDOWS_PER_HALL,
        calls,
        callsPerSecond: calls / seconds,
        callP99Ms: percentile(sortedNumbers(result.flatMap((r) => r.callLatencies)), 99),
        displayP99Ms: percentile(sortedNumbers(arrivals.map(([, ms]) => ms)), 99),
        delivered: arrivals.length,
        failed: result.reduce((a, r) => a + Object.values(r.failures).reduce((x, y) => x + y, 0), 0),
        cost,
        load: load1(),
      });
    } finally {
      await thread.worker.terminate();
    }
  }
  return out;
}
