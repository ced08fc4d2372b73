import type { StableFigures } from './queue-figures';

/** mulberry32: a small seeded generator, so that a simulation run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential draw with the given mean (1 − u keeps the logarithm finite). */
export function exponential(random: () => number, mean: number): number {
  return -mean * Math.log(1 - random());
}

export interface Citizen {
  /** Minutes from the start of the run. */
  arrivesAt: number;
  serviceMinutes: number;
  /** How long they wait before giving up; Infinity for never. */
  patienceMinutes: number;
}

export interface SimulationInput {
  windows: number;
  targetWaitMinutes: number;
  /** In arrival order. */
  citizens: readonly Citizen[];
  /** Citizens arriving before this minute warm the hall up and are not measured (0 for an empty hall at opening). */
  measureFrom?: number;
}

export interface SimulationResult extends StableFigures {
  arrivals: number;
  called: number;
  abandoned: number;
}

export interface PoissonDay {
  arrivalsPerMinute: number;
  meanServiceMinutes: number;
  /** Mean exponential patience; omit for nobody giving up. */
  patienceMinutes?: number;
  minutes: number;
  seed: number;
}

/** Poisson arrivals over `minutes`, exponential service and patience, drawn from the seed. */
export function poissonCitizens(day: PoissonDay): Citizen[] {
  const random = seededRandom(day.seed);
  const citizens: Citizen[] = [];
  if (day.arrivalsPerMinute <= 0) return citizens;
  for (let at = exponential(random, 1 / day.arrivalsPerMinute); at < day.minutes; at += exponential(random, 1 / day.arrivalsPerMinute)) {
    citizens.push({
      arrivesAt: at,
      serviceMinutes: exponential(random, day.meanServiceMinutes),
      patienceMinutes: day.patienceMinutes === undefined ? Infinity : exponential(random, day.patienceMinutes),
    });
  }
  return citizens;
}

/**
 * A discrete-event run of one FCFS queue before N windows. In FCFS order each citizen is called
 * by the window that frees first, at max(arrival, that window's free time); a citizen whose wait
 * would exceed their patience gives up and takes no window, which does not change anyone ahead.
 * So the run is exact with a min-heap of the windows' free times, one step per citizen.
 *
 * Measured over the citizens arriving from `measureFrom`: 达标率 = called within the target ÷
 * called; probabilityOfWaiting = share who found every window busy; meanWaitMinutes = time in the
 * queue until called or gone, over all; utilisation = service time given to them ÷ (N × span of
 * their arrivals), a steady-state reading that the model's a/N is compared with.
 */
export function simulateQueue(input: SimulationInput): SimulationResult {
  const { windows, targetWaitMinutes, citizens } = input;
  const measureFrom = input.measureFrom ?? 0;
  const free = new MinHeap(windows);
  let arrivals = 0,
    called = 0,
    abandoned = 0,
    within = 0,
    waited = 0,
    waitSum = 0,
    busy = 0;
  let first = Infinity,
    last = -Infinity;
  for (const c of citizens) {
    const measured = c.arrivesAt >= measureFrom;
    const startsAt = windows > 0 ? Math.max(c.arrivesAt, free.peek()) : Infinity;
    const wait = startsAt - c.arrivesAt;
    const gaveUp = wait > c.patienceMinutes;
    if (!gaveUp) free.replaceTop(startsAt + c.serviceMinutes);
    if (!measured) continue;
    arrivals++;
    first = Math.min(first, c.arrivesAt);
    last = Math.max(last, c.arrivesAt);
    if (wait > 0) waited++;
    if (gaveUp) {
      abandoned++;
      waitSum += c.patienceMinutes;
    } else {
      called++;
      waitSum += wait;
      busy += c.serviceMinutes;
      if (wait <= targetWaitMinutes) within++;
    }
  }
  const span = last - first;
  return {
    stable: true,
    arrivals,
    called,
    abandoned,
    probabilityOfWaiting: arrivals ? waited / arrivals : 0,
    withinTargetShare: called ? within / called : 1,
    meanWaitMinutes: arrivals ? waitSum / arrivals : 0,
    utilisation: windows > 0 && span > 0 ? Math.min(1, busy / (windows * span)) : 0,
    abandonmentShare: arrivals ? abandoned / arrivals : 0,
  };
}

/** The windows' free times; all start free at minute 0. */
class MinHeap {
  private readonly items: number[];

  constructor(size: number) {
    this.items = new Array<number>(size).fill(0);
  }

  peek(): number {
    return this.items[0];
  }

  replaceTop(value: number): void {
    const items = this.items;
    let i = 0;
    items[0] = value;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let smallest = i;
      if (l < items.length && items[l] < items[smallest]) smallest = l;
      if (r < items.length && items[r] < items[smallest]) smallest = r;
      if (smallest === i) return;
      [items[i], items[smallest]] = [items[smallest], items[i]];
      i = smallest;
    }
  }
}
