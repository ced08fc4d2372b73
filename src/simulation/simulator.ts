import { residentIdCheckChar } from '../common/identity/resident-id';
import { localDateTime, minutesOfDay } from '../common/time/local-day';
import { BOOKED_NO_SHOW_SHARE, CitizenPlan, planCitizens, scoreOf } from './domain/arrival-profile';
import { EventQueue } from './domain/event-queue';
import { Random } from './domain/random';
import { HallClient, HttpFailure, refusedWith } from './hall-client';

export interface SimulatorOptions {
  /** The server, e.g. http://localhost:3000 */
  url: string;
  /** Hall code or id; the demo hall by default. */
  hall: string;
  seed: number;
  /** Past working days played first, as fast as the server goes, so the trends have history. */
  days: number;
  /** Hall seconds per real second for the day itself from `start` on; 0: as fast as the server goes. */
  speed: number;
  /** Local time from which the day runs at `speed`; before it, the day is played as fast as possible. */
  start: string;
  /** Local time at which the simulation stops. */
  until: string;
  /** The day to live (YYYY-MM-DD); by default the latest working day up to today that the hall has not lived yet. */
  date?: string;
  /** Walk-in citizens of a whole day. */
  citizens: number;
  /** Service windows staffed (the pickup windows always are); all of them by default. */
  windows?: number;
  /** The system administrator (halls, devices, the demo clock). */
  admin: string;
  /** The security administrator, who makes the simulator's staff accounts (三员分立). */
  security: string;
  /** Password of both administrators; the staff accounts the simulator makes get one derived from it. */
  password: string;
  /** Run against a hall not marked as a demo hall (in real time only: its clock is never moved). */
  force: boolean;
  /** A line about what is going on; `progress` is true for the repeated progress line. */
  log: (line: string, progress?: boolean) => void;
  /** How often the progress line is written, real ms. */
  progressEveryMs: number;
}

export const DEFAULT_OPTIONS: Omit<SimulatorOptions, 'log'> = {
  url: 'http://localhost:3000',
  hall: 'DEMO',
  seed: 1,
  days: 0,
  speed: 60,
  start: '10:00',
  until: '18:00',
  citizens: 260,
  admin: 'admin',
  security: 'security',
  password: 'OneWindow#2026',
  force: false,
  progressEveryMs: 2000,
};

/** What the simulation did, counted as it did it (the measures must agree with it). */
export interface SimulationReport {
  seed: number;
  hallId: string;
  days: string[];
  /** called: tickets called at least once. */
  tickets: {
    issued: number;
    checkedIn: number;
    turnedAway: number;
    called: number;
    recalled: number;
    served: number;
    noShow: number;
    requeued: number;
    cancelled: number;
  };
  appointments: { booked: number; bookedAbsent: number };
  /** Per visit (consultations, bundles) and per case by the status the server gave it. */
  applications: {
    consultations: number;
    bundles: number;
    cases: number;
    deferral: number;
    commitment: number;
    concludedAtWindow: number;
    accepted: number;
    correctionRequested: number;
    notAccepted: number;
    resubmitted: number;
  };
  backOffice: { claimed: number; stepsAdvanced: number; obligationsFulfilled: number; approved: number; denied: number; reported: number };
  pickup: { handedOver: number; mailed: number };
  ratings: { visit: number; case: number; poor: number; byScore: Record<number, number> };
  rectifications: { contacted: number; replied: number; closed: number };
  /** Requests the rules refused that the simulation expected might be (e.g. a ticket after issuing hours). */
  refusals: Record<string, number>;
  requests: number;
}

interface Item {
  id: string;
  name: string;
  categoryId: string;
  departmentId: string;
  caseType: string;
  commitmentAllowed: boolean;
  bookable: boolean;
  deliveryOptions: string[];
  materials: { name: string; necessity: 'required' | 'optional' | 'deferrable' }[];
}
interface WindowRef {
  id: string;
  number: number;
  kind: string;
  categories: string[];
}
interface Citizen {
  plan: CitizenPlan;
  name: string;
  idNumber: string;
  phone: string;
  /** A made-up address of the citizen's phone, for the public routes' limits. */
  address: string;
  ticketId?: string;
  accessCode?: string;
  issuedAt?: number;
  status: 'coming' | 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled' | 'gone';
  /** The booking code, checked in at the kiosk on arrival. */
  booking?: string;
  pickupCase?: KnownCase;
  returnCase?: KnownCase;
}
interface KnownCase {
  id: string;
  caseNumber: string;
  queryCode: string;
  citizen: Citizen;
  item: Item;
  plan: CitizenPlan;
  delivery: string;
}
interface Desk {
  window: WindowRef;
  username: string;
  token: string;
  state: 'closed' | 'idle' | 'asleep' | 'busy';
  /** Goes on break (or home) as soon as the desk is free. */
  leaving: 'lunch' | 'home' | null;
}

type Handler = () => Promise<void>;

const MINUTE = 60_000;
/** An 8×8 PNG: the page the simulated clerk scans for each material brought. */
const SCANNED_PAGE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAYAAADED76LAAAAIUlEQVR4AdzKMQ0AAAwCwQYpyK9JcAA7n/x24FNpXGkDGAAA///xuE6MAAAABklEQVQDAOfyD3nly2AGAAAAAElFTkSuQmCC',
  'base64',
);
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红建文辉力鹏飞鑫波宇浩凯健俊帆斌峰晨阳雪琳晶颖';

/** Hall-local date and minutes → instant, for a zone without daylight saving in the hours a hall works. */
export function instantOf(date: string, minutes: number, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  const local = localDateTime(new Date(guess), timeZone);
  const offset = Date.parse(`${local.date}T${local.time}Z`) - Math.floor(guess / 1000) * 1000;
  return guess - offset;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Plays working days of a hall through its HTTP API: citizens arrive by the arrival profile and
 * take tickets at the kiosk (or check in a booking), clerks at the windows call, serve and accept
 * applications, approvers work the back office (some late), pickup windows hand results over,
 * citizens rate and the manager follows up 差评. Past days run as fast as the server answers, on
 * the demo clock held at each moment in turn; the day itself runs at `speed`.
 */
export class Simulator {
  readonly report: SimulationReport;
  private readonly http: HallClient;
  private readonly rng: Random;
  private readonly queue = new EventQueue<Handler>();
  private hallId = '';
  private timeZone = 'Asia/Shanghai';
  private adminToken = '';
  private securityToken = '';
  private kioskToken = '';
  private managerToken = '';
  private approvers = new Map<string, string>(); // department id → token
  private categoryByPrefix = new Map<string, string>();
  private items: Item[] = [];
  private desks: Desk[] = [];
  private pickupDesks: Desk[] = [];
  private byTicket = new Map<string, Citizen>();
  private byCase = new Map<string, KnownCase>();
  private called = new Set<string>();
  private workingDays = new Set<string>();
  private pendingVisits: { day: string; minutes: number; citizen: Citizen; category: string }[] = [];
  private clockSettable = false;
  /** The hall time the simulation is at, ms. */
  private now = 0;
  /** Pacing of the live part: hall ms = liveAt + (real ms − realAt) × speed. */
  private pacing: { liveAt: number; realAt: number; speed: number } | null = null;
  private lastClockSet = -Infinity;
  private lastSweep = -Infinity;
  private lastProgress = 0;
  private today = '';
  private stopped = false;
  private readonly startedAt = Date.now();

  constructor(private readonly opts: SimulatorOptions) {
    this.http = new HallClient(opts.url.replace(/\/$/, ''));
    this.rng = new Random(opts.seed);
    this.report = {
      seed: opts.seed,
      hallId: '',
      days: [],
      tickets: { issued: 0, checkedIn: 0, turnedAway: 0, called: 0, recalled: 0, served: 0, noShow: 0, requeued: 0, cancelled: 0 },
      appointments: { booked: 0, bookedAbsent: 0 },
      applications: {
        consultations: 0,
        bundles: 0,
        cases: 0,
        deferral: 0,
        commitment: 0,
        concludedAtWindow: 0,
        accepted: 0,
        correctionRequested: 0,
        notAccepted: 0,
        resubmitted: 0,
      },
      backOffice: { claimed: 0, stepsAdvanced: 0, obligationsFulfilled: 0, approved: 0, denied: 0, reported: 0 },
      pickup: { handedOver: 0, mailed: 0 },
      ratings: { visit: 0, case: 0, poor: 0, byScore: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } },
      rectifications: { contacted: 0, replied: 0, closed: 0 },
      refusals: {},
      requests: 0,
    };
  }

  /** Ends the simulation after the event under way (its report stays as far as it got). */
  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<SimulationReport> {
    await this.prepare();
    const live = this.opts.date ?? (await this.firstUnlivedDay());
    const past: string[] = [];
    for (let d = this.previousWorkingDay(live); past.length < this.opts.days; d = this.previousWorkingDay(d)) past.unshift(d);
    if (!this.clockSettable && (past.length > 0 || live !== this.today)) {
      throw new Error('this server runs on the real time (no DEMO_CLOCK=on): only today can be played, with --days 0');
    }
    for (const day of past) {
      if (this.stopped) break;
      this.opts.log(`back-filling ${day}… (${this.elapsed()})`);
      await this.playDay(day, Infinity);
    }
    if (this.stopped) return this.report;
    this.opts.log(
      `living ${live}: as fast as possible up to ${this.opts.start}, then ${this.opts.speed > 0 ? `×${this.opts.speed}` : 'as fast as possible'} until ${this.opts.until} (${this.elapsed()})`,
    );
    await this.playDay(live, minutesOfDay(this.opts.start));
    this.report.requests = this.http.requests;
    this.progress(true);
    return this.report;
  }

  // ---- set-up ----

  private async prepare(): Promise<void> {
    this.adminToken = await this.http.login(this.opts.admin, this.opts.password);
    const halls = await this.http.get<{ id: string; code: string; isDemo: boolean; timezone: string }[]>('/halls', this.adminToken);
    const hall = halls.find((h) => h.code === this.opts.hall || h.id === this.opts.hall);
    if (!hall) throw new Error(`no hall ${this.opts.hall} on ${this.opts.url}`);
    if (!hall.isDemo && !this.opts.force) {
      throw new Error(`hall ${hall.code} is not marked as a demo hall: the simulator drives only demo halls unless given --force`);
    }
    this.hallId = hall.id;
    this.report.hallId = hall.id;
    this.timeZone = hall.timezone;
    const clock = await this.http.get<{ enabled: boolean }>('/demo-clock', this.adminToken);
    this.clockSettable = clock.enabled && hall.isDemo;
    this.today = localDateTime(new Date(), this.timeZone).date;

    const base = `/halls/${this.hallId}`;
    const [categories, windows, items, departments] = await Promise.all([
      this.http.get<{ id: string; prefix: string }[]>(`${base}/categories`, this.adminToken),
      this.http.get<
        { id: string; number: number; kind: string; servedCategories?: { categoryId: string }[]; categories?: { categoryId: string }[] }[]
      >(`${base}/windows`, this.adminToken),
      this.http.get<Item[]>(`${base}/items`, this.adminToken),
      this.http.get<{ id: string; code: string; name: string }[]>(`${base}/departments`, this.adminToken),
    ]);
    for (const c of categories) this.categoryByPrefix.set(c.prefix, c.id);
    this.items = items.sort((a, b) => a.name.localeCompare(b.name));
    const refs: WindowRef[] = windows
      .sort((a, b) => a.number - b.number)
      .map((w) => ({
        id: w.id,
        number: w.number,
        kind: w.kind,
        categories: (w.servedCategories ?? w.categories ?? []).map((s) => s.categoryId),
      }));

    this.kioskToken = await this.kioskTokenFor();

    for (const w of this.staffed(refs)) {
      const username = `sim-${hall.code.toLowerCase()}-w${w.number}`;
      const token = await this.account(username, `模拟${w.number}号窗口`, 'clerk');
      const desk: Desk = { window: w, username, token, state: 'closed', leaving: null };
      (w.kind === 'pickup' ? this.pickupDesks : this.desks).push(desk);
    }
    for (const d of departments) {
      this.approvers.set(
        d.id,
        await this.account(`sim-${hall.code.toLowerCase()}-${d.code.toLowerCase()}`, `模拟${d.name}审批`, 'approver', d.id),
      );
    }
    this.managerToken = await this.account(`sim-${hall.code.toLowerCase()}-manager`, '模拟值班主任', 'manager');

    for (const year of new Set([Number(this.today.slice(0, 4)) - 1, Number(this.today.slice(0, 4))])) {
      let days: { date: string; kind: string }[] = [];
      try {
        days = (await this.http.get<{ days: { date: string; kind: string }[] }>(`/calendar/years/${year}`, this.adminToken)).days;
      } catch (err) {
        if (!refusedWith(err, 404)) throw err;
      }
      const kinds = new Map(days.map((d) => [d.date, d.kind]));
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
        const weekday = new Date(`${d}T12:00:00Z`).getUTCDay();
        const kind = kinds.get(d);
        if (kind === 'makeup_workday' || (kind !== 'holiday' && weekday !== 0 && weekday !== 6)) this.workingDays.add(d);
      }
    }
  }

  /**
   * The windows with a clerk: with --windows n, the first n in an order that covers the categories
   * early (one window per category first, then the rest by number), and every pickup window.
   */
  private staffed(refs: WindowRef[]): WindowRef[] {
    const service = refs.filter((w) => w.kind !== 'pickup');
    const covering: WindowRef[] = [];
    for (const w of service) if (w.categories.some((c) => !covering.some((x) => x.categories.includes(c)))) covering.push(w);
    const ordered = [...covering, ...service.filter((w) => !covering.includes(w))];
    return [...ordered.slice(0, this.opts.windows ?? ordered.length), ...refs.filter((w) => w.kind === 'pickup')];
  }

  /** A kiosk token of the hall: the demo's known one, else a new kiosk device issued by the admin. */
  private async kioskTokenFor(): Promise<string> {
    const demo = 'owd_demo-kiosk-token-change-me';
    try {
      await this.http.get(`/halls/${this.hallId}`, demo);
      return demo;
    } catch (err) {
      if (!refusedWith(err, 401, 403)) throw err;
    }
    const issued = await this.http.post<{ token: string }>(`/halls/${this.hallId}/devices`, this.adminToken, {
      kind: 'kiosk',
      name: '模拟取号机',
    });
    return issued.token;
  }

  /**
   * Logs in as one of the simulator's own staff accounts, made through the users API by the
   * security administrator the first time; a new account changes the password it was given at its
   * first sign-in, as a person's must.
   */
  private async account(username: string, displayName: string, role: string, departmentId?: string): Promise<string> {
    const password = `${this.opts.password}-sim`;
    try {
      return await this.http.login(username, password);
    } catch (err) {
      if (!refusedWith(err, 401)) throw err;
    }
    if (!this.securityToken) this.securityToken = await this.http.login(this.opts.security, this.opts.password);
    const initial = `${this.opts.password}-new`;
    await this.http.post('/users', this.securityToken, {
      username,
      password: initial,
      displayName,
      role,
      departmentId,
      hallIds: [this.hallId],
    });
    return this.http.login(username, initial, password);
  }

  private previousWorkingDay(day: string): string {
    let d = addDays(day, -1);
    for (let i = 0; i < 60 && !this.workingDays.has(d); i++) d = addDays(d, -1);
    return d;
  }

  private nextWorkingDay(day: string): string {
    let d = addDays(day, 1);
    for (let i = 0; i < 60 && !this.workingDays.has(d); i++) d = addDays(d, 1);
    return d;
  }

  /** The latest working day up to today on which the hall issued no ticket: each run lives a day of its own. */
  private async firstUnlivedDay(): Promise<string> {
    if (!this.clockSettable) return this.today;
    const from = addDays(this.today, -120);
    const report = await this.http.get<{ groups: { key: string; called?: number; issued?: number; served?: number }[] }>(
      `/stats/queue?hallId=${this.hallId}&from=${from}&to=${this.today}&groupBy=day`,
      this.adminToken,
    );
    const lived = new Set(report.groups.filter((g) => (g.issued ?? 0) + (g.called ?? 0) > 0).map((g) => g.key.slice(0, 10)));
    let day = this.workingDays.has(this.today) ? this.today : this.previousWorkingDay(this.today);
    while (lived.has(day)) day = this.previousWorkingDay(day);
    return day;
  }

  // ---- time ----

  private at(day: string, minutes: number): number {
    return instantOf(day, minutes, this.timeZone);
  }

  /** Moves the hall clock to the event's time before it happens: held still while fast, running at speed while live. */
  private async advanceTo(time: number): Promise<void> {
    if (this.pacing) {
      const realAt = this.pacing.realAt + (time - this.pacing.liveAt) / this.pacing.speed;
      const wait = realAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      this.now = Math.max(this.now, time);
      if (this.clockSettable && this.now - this.lastSweep >= 10 * MINUTE) {
        this.lastSweep = this.now;
        const liveNow = this.pacing.liveAt + (Date.now() - this.pacing.realAt) * this.pacing.speed;
        await this.setClock(liveNow, this.pacing.speed, true);
      }
      return;
    }
    this.now = Math.max(this.now, time);
    if (!this.clockSettable) return;
    const sweep = this.now - this.lastSweep >= 10 * MINUTE;
    if (sweep || this.now - this.lastClockSet >= MINUTE) {
      await this.setClock(this.now, 0, sweep);
      this.lastClockSet = this.now;
      if (sweep) this.lastSweep = this.now;
    }
  }

  private async setClock(at: number, speed: number, sweep: boolean): Promise<void> {
    await this.http.send('PUT', '/demo-clock', { token: this.adminToken, body: { at: new Date(at).toISOString(), speed, sweep } });
  }

  private schedule(time: number, handler: Handler): void {
    this.queue.push(Math.max(time, this.now), handler);
  }

  // ---- a day ----

  private async playDay(day: string, liveFromMinutes: number): Promise<void> {
    this.report.days.push(day);
    const dayRng = this.rng.fork(`day:${day}`);
    const untilMinutes = minutesOfDay(this.opts.until);
    const liveFrom = Number.isFinite(liveFromMinutes) ? this.at(day, liveFromMinutes) : Infinity;
    const end = this.at(day, Number.isFinite(liveFromMinutes) ? Math.min(untilMinutes, 18 * 60) : 18 * 60);
    this.pacing = null;
    if (!this.clockSettable) {
      // Real time: the day from now on, paced by the wall clock.
      this.now = Date.now();
      this.pacing = { liveAt: this.now, realAt: Date.now(), speed: 1 };
    } else {
      this.now = this.at(day, 7 * 60 + 50);
      this.lastClockSet = -Infinity;
      this.lastSweep = -Infinity;
      await this.advanceTo(this.now);
    }

    // On the real time the day starts now: those who would have come earlier are not played.
    const from = this.clockSettable ? 0 : minutesOfDay(localDateTime(new Date(), this.timeZone).time);
    const citizens = planCitizens(dayRng.fork('citizens'), { citizensPerDay: this.opts.citizens, from }).map((plan) =>
      this.citizen(dayRng, plan),
    );
    // Bookings are made before the day; some who booked never come.
    this.schedule(this.at(day, 8 * 60), () =>
      this.book(
        day,
        citizens.filter((c) => c.plan.booked),
        dayRng.fork('bookings'),
      ),
    );
    for (const c of citizens)
      this.schedule(this.at(day, c.plan.arriveAt), () => this.arrive(c, this.categoryByPrefix.get(c.plan.category)!));
    for (const v of this.pendingVisits.filter((p) => p.day === day)) {
      this.schedule(this.at(day, v.minutes), () => this.arrive(v.citizen, v.category));
    }
    this.pendingVisits = this.pendingVisits.filter((p) => p.day > day);

    const lunchRng = dayRng.fork('lunch');
    for (const [i, desk] of [...this.desks, ...this.pickupDesks].entries()) {
      this.schedule(this.at(day, 9 * 60 - lunchRng.between(0, 10)), () => this.open(desk));
      const lunch = 12 * 60 + (i % 2) * 30;
      this.schedule(this.at(day, lunch), async () => this.leave(desk, 'lunch'));
      this.schedule(this.at(day, lunch + 60), () => this.open(desk));
      this.schedule(this.at(day, 17 * 60 + 30), async () => this.leave(desk, 'home'));
    }
    for (let m = 9 * 60 + 10; m < 17 * 60 + 30; m += 20) {
      if (m >= 12 * 60 && m < 13 * 60 + 30) continue;
      this.schedule(this.at(day, m), () => this.backOffice());
    }
    for (let m = 9 * 60 + 20; m < 17 * 60 + 30; m += 60) this.schedule(this.at(day, m), () => this.pickupDesk());
    this.schedule(this.at(day, 8 * 60 + 45), () => this.clearLeftovers());
    this.schedule(this.at(day, 11 * 60 + 40), () => this.managerRound());
    this.schedule(this.at(day, 16 * 60 + 40), () => this.managerRound());
    this.schedule(this.at(day, 17 * 60 + 55), () => this.endOfDay());

    while (!this.queue.empty() && !this.stopped) {
      const next = this.queue.peekTime()!;
      if (next > end) break;
      if (!this.pacing && next >= liveFrom && this.opts.speed > 0) {
        this.opts.log(`${this.opts.start} reached: now ×${this.opts.speed} (${this.elapsed()})`);
        this.pacing = { liveAt: Math.max(this.now, liveFrom), realAt: Date.now(), speed: this.opts.speed };
        if (this.clockSettable) await this.setClock(this.pacing.liveAt, this.opts.speed, true);
        this.lastSweep = this.pacing.liveAt;
      }
      const event = this.queue.pop()!;
      await this.advanceTo(event.time);
      try {
        await event.value();
      } catch (err) {
        if (!(err instanceof HttpFailure) || err.status >= 500) throw err;
        this.refused(err.body?.code ?? String(err.status));
      }
      if (Date.now() - this.lastProgress >= this.opts.progressEveryMs) this.progress(false);
    }
    this.queue.clear();
    for (const c of this.byTicket.values()) if (c.status !== 'done') this.byTicket.delete(c.ticketId!);
  }

  private citizen(dayRng: Random, plan: CitizenPlan): Citizen {
    const r = dayRng.fork(`person:${plan.index}`);
    const birth = `${r.int(1950, 2004)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
    const body = `${r.pick(['110105', '310104', '440304', '330106', '510107', '420102'])}${birth}${String(r.int(0, 999)).padStart(3, '0')}`;
    return {
      plan,
      name: `${r.pick([...SURNAMES])}${r.pick([...GIVEN])}${r.chance(0.6) ? r.pick([...GIVEN]) : ''}`,
      idNumber: body + residentIdCheckChar(body),
      phone: `13${r.int(0, 9)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`,
      address: `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      status: 'coming',
    };
  }

  // ---- citizens ----

  private async book(day: string, booked: Citizen[], r: Random): Promise<void> {
    for (const c of booked) {
      const item = this.itemFor(c.plan.category, c.plan.itemDraw, (i) => i.bookable);
      if (!item) {
        c.plan = { ...c.plan, booked: false };
        continue;
      }
      const slotStart = Math.max(9 * 60, Math.floor(c.plan.arriveAt / 30) * 30);
      try {
        const booking = await this.http.post<{ code: string }>(
          `/halls/${this.hallId}/appointments`,
          undefined,
          {
            itemId: item.id,
            date: day,
            slotStart: `${String(Math.floor(slotStart / 60)).padStart(2, '0')}:${String(slotStart % 60).padStart(2, '0')}`,
          },
          { from: c.address },
        );
        this.report.appointments.booked++;
        c.booking = booking.code;
        if (r.chance(BOOKED_NO_SHOW_SHARE)) {
          this.report.appointments.bookedAbsent++;
          c.status = 'gone';
        }
      } catch (err) {
        if (!refusedWith(err, 400, 404, 409, 429)) throw err;
        this.refused(err.body?.code ?? 'BOOKING');
        c.plan = { ...c.plan, booked: false };
      }
    }
  }

  private async arrive(c: Citizen, categoryId: string): Promise<void> {
    if (c.status === 'gone') return;
    try {
      let ticket: { id: string; accessCode: string };
      if (c.booking && !c.pickupCase && !c.returnCase) {
        const res = await this.http.post<{ ticket: { id: string; accessCode: string } }>(
          `/halls/${this.hallId}/appointments/check-in`,
          this.kioskToken,
          { code: c.booking },
        );
        ticket = res.ticket;
        this.report.tickets.checkedIn++;
      } else {
        const body: Record<string, unknown> = { categoryId, source: 'kiosk' };
        if (c.plan.priorityReason && !c.pickupCase) Object.assign(body, { priority: true, priorityReason: c.plan.priorityReason });
        ticket = await this.http.post(`/halls/${this.hallId}/tickets`, this.kioskToken, body);
      }
      this.report.tickets.issued++;
      c.ticketId = ticket.id;
      c.accessCode = ticket.accessCode;
      c.issuedAt = this.now;
      c.status = 'waiting';
      this.byTicket.set(ticket.id, c);
    } catch (err) {
      if (!refusedWith(err, 400, 409, 429)) throw err;
      this.report.tickets.turnedAway++;
      this.refused(err.body?.code ?? 'ISSUE');
      c.status = 'gone';
      return;
    }
    if (Number.isFinite(c.plan.patience) && !c.pickupCase) this.schedule(this.now + c.plan.patience * MINUTE, () => this.giveUp(c));
    this.wake(categoryId);
  }

  /** Waited too long: tells the guide, whose window cancels the ticket, or just goes (a no-show when called). */
  private async giveUp(c: Citizen): Promise<void> {
    if (c.status !== 'waiting') return;
    c.status = 'gone';
    if (!c.plan.tellsStaff) return;
    const desk = this.desks.find((d) => d.state !== 'closed');
    if (!desk) return;
    await this.http.post(`/windows/${desk.window.id}/tickets/${c.ticketId}/cancel`, desk.token, {});
    c.status = 'cancelled';
    this.report.tickets.cancelled++;
  }

  // ---- windows ----

  private async open(desk: Desk): Promise<void> {
    if (desk.state !== 'closed') return;
    await this.http.post(`/windows/${desk.window.id}/open`, desk.token, {});
    desk.state = 'idle';
    desk.leaving = null;
    this.schedule(this.now, () => this.next(desk));
  }

  /** Lunch closes the window once the desk is free; going home waits until nobody is left for it. */
  private async leave(desk: Desk, why: 'lunch' | 'home'): Promise<void> {
    desk.leaving = why;
    if (desk.state === 'asleep' || (why === 'lunch' && desk.state === 'idle')) await this.close(desk);
  }

  private async close(desk: Desk): Promise<void> {
    if (desk.state === 'closed') return;
    desk.state = 'closed';
    await this.http.post(`/windows/${desk.window.id}/close`, desk.token, {});
  }

  /** Wakes the free windows serving a category that has a newcomer. */
  private wake(categoryId: string): void {
    for (const desk of [...this.desks, ...this.pickupDesks]) {
      if (desk.state === 'asleep' && desk.window.categories.includes(categoryId)) {
        desk.state = 'idle';
        this.schedule(this.now + 0.2 * MINUTE, () => this.next(desk));
      }
    }
  }

  private async next(desk: Desk): Promise<void> {
    if (desk.state !== 'idle') return;
    if (desk.leaving === 'lunch') return this.close(desk);
    const res = await this.http.post<{ ticket: { id: string } | null }>(`/windows/${desk.window.id}/call-next`, desk.token, {});
    if (!res.ticket) {
      if (desk.leaving === 'home') return this.close(desk);
      desk.state = 'asleep';
      return;
    }
    desk.state = 'busy';
    const c = this.byTicket.get(res.ticket.id);
    const ticketId = res.ticket.id;
    if (!this.called.has(ticketId)) this.report.tickets.called++;
    this.called.add(ticketId);
    if (!c || c.status === 'gone' || c.plan.absentAtCall) {
      this.schedule(this.now + MINUTE, () => this.recall(desk, ticketId));
      this.schedule(this.now + 2.5 * MINUTE, () => this.noShow(desk, ticketId, c));
      if (c) c.status = c.status === 'gone' ? 'gone' : 'called';
      return;
    }
    c.status = 'called';
    this.schedule(this.now + c.plan.walkMinutes * MINUTE, () => this.start(desk, c));
  }

  private async recall(desk: Desk, ticketId: string): Promise<void> {
    await this.http.post(`/windows/${desk.window.id}/tickets/${ticketId}/recall`, desk.token, {});
    this.report.tickets.recalled++;
  }

  private async noShow(desk: Desk, ticketId: string, c: Citizen | undefined): Promise<void> {
    await this.http.post(`/windows/${desk.window.id}/tickets/${ticketId}/no-show`, desk.token, {});
    this.report.tickets.noShow++;
    desk.state = 'idle';
    this.schedule(this.now + 0.3 * MINUTE, () => this.next(desk));
    if (c && c.status !== 'gone') {
      c.status = 'no_show';
      if (c.plan.returnsAfterAbsence) {
        this.schedule(this.now + 8 * MINUTE, async () => {
          if (desk.state === 'closed') return;
          await this.http.post(`/windows/${desk.window.id}/tickets/${ticketId}/requeue`, desk.token, {});
          this.report.tickets.requeued++;
          this.report.tickets.noShow--;
          c.plan = { ...c.plan, absentAtCall: false };
          c.status = 'waiting';
          this.wake(this.categoryByPrefix.get(c.plan.category) ?? '');
        });
      }
    }
  }

  private async start(desk: Desk, c: Citizen): Promise<void> {
    await this.http.post(`/windows/${desk.window.id}/tickets/${c.ticketId}/start`, desk.token, {});
    c.status = 'serving';
    const minutes = c.pickupCase ? 2 + c.plan.walkMinutes : c.plan.serviceMinutes;
    this.schedule(this.now + minutes * MINUTE, () => this.serve(desk, c));
  }

  private async serve(desk: Desk, c: Citizen): Promise<void> {
    try {
      if (c.pickupCase) await this.handOver(desk, c, c.pickupCase);
      else if (c.returnCase) await this.resubmit(desk, c, c.returnCase);
      else await this.applyFor(desk, c);
    } catch (err) {
      if (!refusedWith(err, 400, 403, 404, 409)) throw err;
      this.refused(err.body?.code ?? 'APPLICATION');
    }
    await this.http.post(`/windows/${desk.window.id}/tickets/${c.ticketId}/finish`, desk.token, {});
    c.status = 'done';
    this.report.tickets.served++;
    desk.state = 'idle';
    if (desk.leaving) await this.close(desk);
    else this.schedule(this.now + 0.3 * MINUTE, () => this.next(desk));
    const waited = ((c.issuedAt ?? this.now) - this.now) / -MINUTE;
    if (c.plan.rateVisitDraw < 0.55) this.schedule(this.now + (1 + 20 * c.plan.rateVisitDraw) * MINUTE, () => this.rateVisit(c, waited));
  }

  private itemFor(prefix: string, draw: number, where: (i: Item) => boolean = () => true): Item | undefined {
    const categoryId = this.categoryByPrefix.get(prefix);
    const items = this.items.filter((i) => i.categoryId === categoryId && where(i));
    return items.length ? items[Math.floor(draw * items.length)] : undefined;
  }

  /** The clerk takes the application the citizen came with, as the plan has it and the item allows. */
  private async applyFor(desk: Desk, c: Citizen): Promise<void> {
    const plan = c.plan;
    const a = this.report.applications;
    if (plan.application === 'consultation') {
      a.consultations++;
      return;
    }
    const item = this.itemFor(plan.category, plan.itemDraw);
    if (!item) return;
    let missing: string[] = [];
    const deferrable = item.materials.filter((m) => m.necessity === 'deferrable').map((m) => m.name);
    const required = item.materials.filter((m) => m.necessity === 'required').map((m) => m.name);
    const delivery = item.deliveryOptions.includes('express') && plan.secondItemDraw < 0.15 ? 'express' : 'window';
    const entry: Record<string, unknown> = { itemId: item.id, materials: [], decision: 'accept', delivery };
    let kind: 'deferral' | 'commitment' | 'bundles' | null = null;
    const items = [entry];
    switch (plan.application) {
      case 'deferral':
        if (deferrable.length && item.caseType !== 'instant') {
          missing = [deferrable[0]];
          kind = 'deferral';
        }
        break;
      case 'commitment':
        if (item.commitmentAllowed) {
          entry.decision = 'accept_on_commitment';
          kind = 'commitment';
        }
        break;
      case 'correction':
        missing = [required[required.length - 1]];
        entry.decision = 'request_correction';
        break;
      case 'refuse':
        entry.decision = 'refuse';
        entry.reason = '申请事项不属于本机关职权范围';
        break;
      case 'bundle': {
        const others = this.items.filter((i) => i.id !== item.id && i.caseType !== 'instant');
        const second = others[Math.floor(plan.secondItemDraw * others.length)];
        if (second) {
          items.push({
            itemId: second.id,
            materials: await this.withPages(desk, second),
            decision: 'accept',
            delivery: 'window',
          });
          kind = 'bundles';
        }
        break;
      }
      case 'accept':
    }
    entry.materials = await this.withPages(desk, item, missing);
    const applicant = { kind: 'person', name: c.name, idNumber: c.idNumber, contactPhone: c.phone };
    const res = await this.http.post<{
      bundle: unknown;
      cases: { id: string; caseNumber: string; queryCode: string; itemId: string; status: string }[];
    }>(
      `/halls/${this.hallId}/applications`,
      desk.token,
      { ticketId: c.ticketId, applicant, items },
      { idempotencyKey: `sim-${this.opts.seed}-${c.ticketId}` },
    );
    if (kind) a[kind]++;
    for (const made of res.cases) {
      this.countCase(made.status);
      const madeItem = this.items.find((i) => i.id === made.itemId)!;
      const known: KnownCase = {
        ...made,
        citizen: c,
        item: madeItem,
        plan,
        delivery: String((items.find((i) => i.itemId === made.itemId) ?? entry).delivery),
      };
      this.byCase.set(made.id, known);
      if (made.status === 'ready_for_pickup') this.resultReady(known);
      if (made.status === 'correction_requested' && plan.returnsAfterDays > 0) {
        let day = this.localDay();
        for (let i = 0; i < plan.returnsAfterDays; i++) day = this.nextWorkingDay(day);
        const back: Citizen = { ...c, status: 'coming', returnCase: known, ticketId: undefined };
        this.pendingVisits.push({
          day,
          minutes: 9 * 60 + plan.itemDraw * 6 * 60,
          citizen: back,
          category: this.categoryByPrefix.get(plan.category)!,
        });
      }
    }
  }

  /**
   * The item's checklist as the clerk scans it: one page staged for each material brought (a material
   * counts as there because it is attached), none for those named missing.
   */
  private async withPages(
    desk: Desk,
    item: Item,
    missing: string[] = [],
  ): Promise<{ name: string; provided: boolean; fileIds?: string[] }[]> {
    return Promise.all(
      item.materials.map(async (m) =>
        missing.includes(m.name)
          ? { name: m.name, provided: false }
          : {
              name: m.name,
              provided: true,
              fileIds: [await this.http.upload(`/halls/${this.hallId}/uploads`, desk.token, SCANNED_PAGE, 'page.png', 'image/png')],
            },
      ),
    );
  }

  /** Back with what the 一次性告知 listed: checked again and accepted. */
  private async resubmit(desk: Desk, c: Citizen, known: KnownCase): Promise<void> {
    const res = await this.http.post<{ status: string }>(`/cases/${known.id}/resubmission`, desk.token, {
      ticketId: c.ticketId,
      materials: await this.withPages(desk, known.item),
      decision: 'accept',
    });
    this.report.applications.resubmitted++;
    this.report.applications.correctionRequested--;
    this.report.applications.cases--;
    this.countCase(res.status);
    if (res.status === 'ready_for_pickup') this.resultReady(known);
  }

  /** A case as the window left it: concluded there (即办件, 告知承诺), into the back office, a 一次性告知, or 不予受理. */
  private countCase(status: string): void {
    const a = this.report.applications;
    a.cases++;
    if (status === 'accepted') a.accepted++;
    else if (status === 'correction_requested') a.correctionRequested++;
    else if (status === 'not_accepted') a.notAccepted++;
    else a.concludedAtWindow++;
  }

  private localDay(): string {
    return localDateTime(new Date(this.now), this.timeZone).date;
  }

  /** A result ready at the hall: the citizen comes for it later today or on the next working day. */
  private resultReady(known: KnownCase): void {
    if (known.delivery !== 'window') return;
    const today = this.localDay();
    const nowMinutes = minutesOfDay(localDateTime(new Date(this.now), this.timeZone).time);
    const sameDay = nowMinutes < 15 * 60 && known.plan.caseScoreDraw < 0.4;
    const day = sameDay ? today : this.nextWorkingDay(today);
    const minutes = sameDay ? nowMinutes + 20 + 60 * known.plan.rateCaseDraw : 9 * 60 + 15 + known.plan.caseScoreDraw * 6.5 * 60;
    const visitor: Citizen = { ...known.citizen, status: 'coming', pickupCase: known, returnCase: undefined, ticketId: undefined };
    const category = this.categoryByPrefix.get('Z');
    if (!category) return;
    if (sameDay) this.schedule(this.at(day, minutes), () => this.arrive(visitor, category));
    else this.pendingVisits.push({ day, minutes, citizen: visitor, category });
  }

  private async handOver(desk: Desk, c: Citizen, known: KnownCase): Promise<void> {
    await this.http.post(
      `/cases/${known.id}/hand-over`,
      desk.token,
      { idNumber: c.idNumber, ticketId: c.ticketId },
      { idempotencyKey: `sim-${this.opts.seed}-${known.id}-hand-over` },
    );
    this.report.pickup.handedOver++;
    if (known.plan.rateCaseDraw < 0.5) this.schedule(this.now + 30 * MINUTE, () => this.rateCase(known));
  }

  // ---- ratings ----

  private async rateVisit(c: Citizen, waitedMinutes: number): Promise<void> {
    const score = scoreOf(c.plan.visitScoreDraw, waitedMinutes);
    const body: Record<string, unknown> = { score };
    if (score <= 2) body.reasons = [waitedMinutes > 25 ? '等候时间长' : '态度不好'];
    await this.http.post(`/tickets/${c.accessCode}/rating`, undefined, body, { from: c.address });
    this.counted('visit', score);
  }

  private async rateCase(known: KnownCase): Promise<void> {
    const score = scoreOf(known.plan.caseScoreDraw, 0);
    const body: Record<string, unknown> = { score, caseNumber: known.caseNumber, queryCode: known.queryCode };
    if (score <= 2) body.reasons = ['办理时间长'];
    await this.http.post('/cases/rating', undefined, body, { from: known.citizen.address });
    this.counted('case', score);
  }

  private counted(channel: 'visit' | 'case', score: number): void {
    this.report.ratings[channel]++;
    this.report.ratings.byScore[score]++;
    if (score <= 2) this.report.ratings.poor++;
  }

  // ---- back office ----

  /**
   * Each department's approver works its list: claims what is new, and decides a case once the
   * planned share of its time limit has gone (past 1 is late: 预警 first, then 超期).
   */
  private async backOffice(): Promise<void> {
    // One read of every department's list (the manager's view) instead of one per approver.
    const all = await this.http.get<
      {
        id: string;
        caseNumber: string;
        status: string;
        departmentId: string;
        assigneeId: string | null;
        acceptedAt: string | null;
        promisedDueAt: string | null;
      }[]
    >(`/halls/${this.hallId}/work-list`, this.managerToken);
    for (const [departmentId, token] of this.approvers) {
      for (const entry of all.filter((e) => e.departmentId === departmentId)) {
        if (entry.status === 'suspended') continue;
        if (!entry.assigneeId) {
          await this.http.post(`/cases/${entry.id}/claim`, token, {});
          this.report.backOffice.claimed++;
        }
        const accepted = Date.parse(entry.acceptedAt ?? '') || this.now;
        const due = Date.parse(entry.promisedDueAt ?? '') || accepted;
        const planned = this.byCase.get(entry.id)?.plan.decisionShare ?? this.rng.fork(entry.caseNumber).between(0.1, 1.3);
        // A limit of hours is checked only at the rounds, so it is missed more often than one of days.
        const share = due - accepted < 8 * 60 * MINUTE ? planned * 1.5 : planned;
        if (this.now < accepted + share * (due - accepted)) continue;
        try {
          await this.decide(entry.id, token);
        } catch (err) {
          if (!refusedWith(err, 400, 403, 404, 409)) throw err;
          this.refused(err.body?.code ?? 'DECISION');
        }
      }
    }
  }

  private async decide(caseId: string, token: string): Promise<void> {
    let c = await this.http.get<{
      status: string;
      caseType: string;
      steps: unknown[];
      currentStep: number;
      departmentId: string;
      obligations: { id: string; status: string }[];
    }>(`/cases/${caseId}`, token);
    for (const o of c.obligations.filter((x) => x.status === 'open')) {
      await this.http.post(`/cases/${caseId}/obligations/${o.id}/fulfil`, token, {});
      this.report.backOffice.obligationsFulfilled++;
    }
    const department = c.departmentId;
    while (c.currentStep < c.steps.length - 1) {
      c = await this.http.post(`/cases/${caseId}/advance`, token, {});
      this.report.backOffice.stepsAdvanced++;
      if (c.departmentId !== department) return; // 联办件: the next step is another department's to claim
    }
    const known = this.byCase.get(caseId);
    if (c.caseType === 'reported') {
      await this.http.post(`/cases/${caseId}/report`, token, { reportedTo: '上级主管部门' });
      this.report.backOffice.reported++;
      return;
    }
    const deny = known?.plan.deny ?? false;
    const body = deny
      ? { decision: 'deny', reason: '经审查，申请材料反映的情况不符合法定条件', remedies: ['行政复议', '行政诉讼'] }
      : { decision: 'approve' };
    const decided = await this.http.post<{ status: string }>(`/cases/${caseId}/decision`, token, body, {
      idempotencyKey: `sim-${this.opts.seed}-${caseId}-decision`,
    });
    if (deny) this.report.backOffice.denied++;
    else this.report.backOffice.approved++;
    if (known && decided.status === 'ready_for_pickup') this.resultReady(known);
  }

  /** Results to be mailed leave with the carrier once an hour. */
  private async pickupDesk(): Promise<void> {
    const desk = this.pickupDesks.find((d) => d.state !== 'closed');
    if (!desk) return;
    const list = await this.http.get<{ id: string; caseId?: string; status?: string; deliveryMethod?: string }[]>(
      `/halls/${this.hallId}/pickups`,
      desk.token,
    );
    for (const entry of list) {
      const id = entry.caseId ?? entry.id;
      const known = this.byCase.get(id);
      if (!known || known.delivery !== 'express' || (entry.status && entry.status !== 'ready_for_pickup')) continue;
      await this.http.post(`/cases/${id}/mail`, desk.token, {
        carrier: 'EMS',
        trackingNumber: `EMS${String(this.report.pickup.mailed + 1).padStart(9, '0')}`,
      });
      known.delivery = 'mailed';
      this.report.pickup.mailed++;
    }
  }

  /** The duty manager follows the 差评 up: contacts, replies and closes, one step a round. */
  private async managerRound(): Promise<void> {
    const base = `/halls/${this.hallId}/rectifications`;
    const steps: [string, string, object, keyof SimulationReport['rectifications']][] = [
      ['replied', 'close', { note: '已回访，群众满意' }, 'closed'],
      ['contacted', 'reply', { outcome: '已对窗口服务进行整改，并向群众说明情况', citizenSatisfied: true }, 'replied'],
      ['open', 'contact', { method: 'phone', note: '电话联系群众了解情况' }, 'contacted'],
    ];
    for (const [status, move, body, counter] of steps) {
      const list = await this.http.get<{ items: { id: string }[] }>(`${base}?status=${status}&limit=200`, this.managerToken);
      for (const task of list.items) {
        await this.http.post(`/rectifications/${task.id}/${move}`, this.managerToken, body);
        this.report.rectifications[counter]++;
      }
    }
  }

  /**
   * What an earlier run left when it stopped mid-day (tickets still waiting, a ticket at a desk) is
   * not this day's: the first clerks finish or cancel it, so that nobody from another day is called.
   */
  private async clearLeftovers(): Promise<void> {
    const state = await this.http.get<{
      categories: { tickets: { ticketId: string }[] }[];
      windows: { id: string; current: { ticketId: string; status: string } | null }[];
    }>(`/halls/${this.hallId}/queue`, this.managerToken);
    for (const w of state.windows) {
      const desk = [...this.desks, ...this.pickupDesks].find((d) => d.window.id === w.id);
      if (!w.current || this.byTicket.has(w.current.ticketId) || !desk) continue;
      // Its clerk comes early to clear the desk, then calls as usual.
      desk.state = 'idle';
      this.schedule(this.now, () => this.next(desk));
      await this.http.post(
        `/windows/${w.id}/tickets/${w.current.ticketId}/${w.current.status === 'serving' ? 'finish' : 'no-show'}`,
        desk.token,
        {},
      );
      this.refused('LEFTOVER_AT_DESK');
    }
    const desk = this.desks[0];
    // The queue view lists the first tickets of each category, so it is read again until none is left.
    for (let round = 0, queue = state; round < 50 && desk; round++) {
      const leftover = queue.categories.flatMap((c) => c.tickets).filter((t) => !this.byTicket.has(t.ticketId));
      if (leftover.length === 0) return;
      await this.open(desk); // the first clerk comes early
      for (const t of leftover) {
        await this.http.post(`/windows/${desk.window.id}/tickets/${t.ticketId}/cancel`, desk.token, {});
        this.refused('LEFTOVER_CANCELLED');
      }
      queue = await this.http.get(`/halls/${this.hallId}/queue`, this.managerToken);
    }
  }

  /** Closing time: whoever still waits is sent home (cancelled at a window), then every window closes. */
  private async endOfDay(): Promise<void> {
    const leftover = [...this.byTicket.values()].filter((c) => c.status === 'waiting' || (c.status === 'gone' && !c.pickupCase));
    const desk = this.desks[0];
    if (leftover.length > 0 && desk && desk.state === 'closed') await this.open(desk);
    for (const c of leftover) {
      try {
        await this.http.post(`/windows/${desk.window.id}/tickets/${c.ticketId}/cancel`, desk.token, {});
        this.report.tickets.cancelled++;
        c.status = 'cancelled';
      } catch (err) {
        if (!refusedWith(err, 400, 403, 404, 409)) throw err;
      }
    }
    for (const d of [...this.desks, ...this.pickupDesks]) await this.close(d);
  }

  private elapsed(): string {
    return `${Math.round((Date.now() - this.startedAt) / 1000)} s in`;
  }

  private refused(code: string): void {
    this.report.refusals[code] = (this.report.refusals[code] ?? 0) + 1;
  }

  private progress(final: boolean): void {
    this.lastProgress = Date.now();
    const local = localDateTime(new Date(this.now), this.timeZone);
    const t = this.report.tickets;
    let waiting = 0;
    for (const c of this.byTicket.values()) if (c.status === 'waiting') waiting++;
    this.opts.log(
      `[${local.date} ${local.time.slice(0, 5)}] tickets ${t.issued} (waiting ${waiting}, served ${t.served}, no-show ${t.noShow}, cancelled ${t.cancelled})` +
        ` · cases ${this.report.applications.cases} (decided ${this.report.backOffice.approved + this.report.backOffice.denied}, handed over ${this.report.pickup.handedOver})` +
        ` · ratings ${this.report.ratings.visit + this.report.ratings.case} (差评 ${this.report.ratings.poor}) · ${this.http.requests} requests`,
      !final,
    );
  }
}
