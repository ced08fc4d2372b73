import { Random } from './random';

/** The demo hall's window categories that citizens queue in; Z (统一出件) is for pickups, planned when a result is ready. */
export const SERVICE_PREFIXES = ['A', 'B', 'C', 'D', 'E'] as const;
export type ServicePrefix = (typeof SERVICE_PREFIXES)[number];

export const GREEN_CHANNEL_REASONS = ['老年人', '残疾人', '孕妇', '军人', '携带婴幼儿', '伤病人员'] as const;

/** What the window does with the application a citizen brings (the item is the engine's to choose). */
export type ApplicationPlan = 'consultation' | 'accept' | 'deferral' | 'commitment' | 'correction' | 'refuse' | 'bundle';

/** Arrivals per local minute are proportional to these weights, segment by segment: a morning peak and a smaller afternoon one. */
export const ARRIVAL_SEGMENTS: readonly { from: number; until: number; weight: number }[] = [
  { from: 8 * 60 + 30, until: 9 * 60, weight: 4 },
  { from: 9 * 60, until: 10 * 60, weight: 10 },
  { from: 10 * 60, until: 11 * 60, weight: 9 },
  { from: 11 * 60, until: 12 * 60, weight: 6 },
  { from: 12 * 60, until: 13 * 60 + 30, weight: 2 },
  { from: 13 * 60 + 30, until: 14 * 60 + 30, weight: 5 },
  { from: 14 * 60 + 30, until: 15 * 60 + 30, weight: 7 },
  { from: 15 * 60 + 30, until: 16 * 60 + 30, weight: 5 },
  { from: 16 * 60 + 30, until: 17 * 60, weight: 2 },
];

export const CATEGORY_SHARE: Readonly<Record<ServicePrefix, number>> = { A: 0.28, B: 0.07, C: 0.27, D: 0.13, E: 0.25 };

/** Mean minutes at the desk per category (from start to finish), with a coefficient of variation of 0.5. */
export const SERVICE_MINUTES: Readonly<Record<ServicePrefix, number>> = { A: 14, B: 20, C: 10, D: 18, E: 6 };

const APPLICATION_WEIGHTS: Readonly<Record<ApplicationPlan, number>> = {
  consultation: 8,
  accept: 56,
  deferral: 10,
  commitment: 6,
  correction: 10,
  refuse: 4,
  bundle: 6,
};

export interface ProfileOptions {
  /** Walk-in citizens expected over a whole day. */
  citizensPerDay: number;
  /** Local minutes of the day; only arrivals in [from, until) are planned. */
  from?: number;
  until?: number;
}

export interface CitizenPlan {
  /** Order of arrival within the day, from 0. */
  index: number;
  /** Local minutes after midnight, fractional. */
  arriveAt: number;
  category: ServicePrefix;
  priorityReason: string | null;
  /** Comes with a booking made in advance, and checks in at the kiosk. */
  booked: boolean;
  /** Minutes waited before giving up; Infinity for those who never do. */
  patience: number;
  /** On giving up, tells the guide (the ticket is cancelled) rather than just leaving (a no-show when called). */
  tellsStaff: boolean;
  /** Not at the desk when called (stepped out); comes back and is requeued half the time. */
  absentAtCall: boolean;
  returnsAfterAbsence: boolean;
  walkMinutes: number;
  serviceMinutes: number;
  application: ApplicationPlan;
  /** Uniform draws the engine maps to items, so that the plan does not depend on the catalogue. */
  itemDraw: number;
  secondItemDraw: number;
  /** Draws for the ratings; the engine turns them into scores with what happened (a long wait makes a 差评 likelier). */
  rateVisitDraw: number;
  visitScoreDraw: number;
  rateCaseDraw: number;
  caseScoreDraw: number;
  /** For the approvers: how far into the time limit the case is decided (past 1 is late, so 预警 and 超期 appear). */
  decisionShare: number;
  deny: boolean;
  /** Comes back for a 一次性告知 with the materials, this many working days later (0: never). */
  returnsAfterDays: number;
}

/** The booked citizens who do not come (booked-but-absent), as a share of the booked. */
export const BOOKED_NO_SHOW_SHARE = 0.15;

/**
 * A day's walk-in citizens: a Poisson number per segment of the arrival profile, each with what
 * they come for and how they behave, all drawn here so that the day is the seed's alone.
 */
export function planCitizens(rng: Random, opts: ProfileOptions): CitizenPlan[] {
  const from = opts.from ?? 0;
  const until = opts.until ?? 24 * 60;
  const mass = ARRIVAL_SEGMENTS.reduce((s, seg) => s + seg.weight * (seg.until - seg.from), 0);
  const arrivals: number[] = [];
  for (const seg of ARRIVAL_SEGMENTS) {
    const segRng = rng.fork(`segment:${seg.from}`);
    const n = segRng.poisson((opts.citizensPerDay * seg.weight * (seg.until - seg.from)) / mass);
    for (let i = 0; i < n; i++) {
      const at = segRng.between(seg.from, seg.until);
      if (at >= from && at < until) arrivals.push(at);
    }
  }
  arrivals.sort((a, b) => a - b);
  return arrivals.map((arriveAt, index) => citizen(rng.fork(`citizen:${arriveAt}`), index, arriveAt));
}

function citizen(r: Random, index: number, arriveAt: number): CitizenPlan {
  const category = r.weighted(CATEGORY_SHARE);
  const application: ApplicationPlan = category === 'E' && r.chance(0.5) ? 'consultation' : r.weighted(APPLICATION_WEIGHTS);
  const late = r.next();
  return {
    index,
    arriveAt,
    category,
    priorityReason: r.chance(0.06) ? r.pick(GREEN_CHANNEL_REASONS) : null,
    booked: (category === 'A' || category === 'D') && r.chance(0.15),
    patience: r.chance(0.7) ? Infinity : 20 + r.logNormal(40, 0.5),
    tellsStaff: r.chance(0.5),
    absentAtCall: r.chance(0.04),
    returnsAfterAbsence: r.chance(0.5),
    walkMinutes: r.between(0.3, 2),
    serviceMinutes: Math.max(1, r.logNormal(SERVICE_MINUTES[category], 0.5)),
    application,
    itemDraw: r.next(),
    secondItemDraw: r.next(),
    rateVisitDraw: r.next(),
    visitScoreDraw: r.next(),
    rateCaseDraw: r.next(),
    caseScoreDraw: r.next(),
    decisionShare: late < 0.65 ? r.between(0.1, 0.6) : late < 0.8 ? r.between(0.7, 0.95) : r.between(1.05, 2),
    deny: r.chance(0.08),
    returnsAfterDays: application === 'correction' && r.chance(0.8) ? r.int(1, 2) : 0,
  };
}

/** A score from 1 to 5: mostly 5, with a 差评 (1 or 2) likelier after a long wait. */
export function scoreOf(draw: number, waitedMinutes: number): number {
  const poor = 0.04 + (waitedMinutes > 40 ? 0.2 : waitedMinutes > 25 ? 0.06 : 0);
  if (draw < poor / 2) return 1;
  if (draw < poor) return 2;
  if (draw < poor + 0.06) return 3;
  if (draw < poor + 0.24) return 4;
  return 5;
}
