/**
 * Staff figures per clerk or window (DOMAIN.md "Staffing"): time serving, the walk from call to
 * start, idle time while tickets of their categories waited, served per hour. Pure: spans in ms.
 *
 * - served, servingMs: tickets served (start → finish) by the clerk or at the window.
 * - walkMs: the sum over those tickets of last call → start (the citizen's walk to the window).
 * - openMs: the window open (not paused or closed) with the clerk at it.
 * - idleWhileWaitingMs: open time with no ticket between its call and its finish at the window
 *   while at least one ticket of a category the window serves was waiting (issue → first call,
 *   or → cancellation); a no-show's call does not count as busy.
 * - servedPerHour: served ÷ open hours.
 */

export interface Span {
  from: number;
  to: number;
}

export interface OpenSpan extends Span {
  windowId: string;
  clerkId: string | null;
}

export interface ServedVisit {
  windowId: string;
  clerkId: string | null;
  calledAt: number;
  startedAt: number;
  finishedAt: number;
}

export interface WaitSpan extends Span {
  categoryId: string;
}

export interface StaffActivity {
  openSpans: readonly OpenSpan[];
  visits: readonly ServedVisit[];
  waits: readonly WaitSpan[];
  /** Window id → the categories it serves. */
  servedCategories: ReadonlyMap<string, readonly string[]>;
}

export interface StaffFigure {
  key: string | null;
  served: number;
  servingMs: number;
  walkMs: number;
  openMs: number;
  idleWhileWaitingMs: number;
}

/** Sorted, disjoint spans covering the same instants. */
export function merge(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}

/** Length of `span` ∩ `inside` − `outside`, both merged. */
export function coveredLength(span: Span, inside: readonly Span[], outside: readonly Span[]): number {
  let total = 0;
  for (const i of inside) {
    const from = Math.max(span.from, i.from);
    const to = Math.min(span.to, i.to);
    if (to <= from) continue;
    let covered = to - from;
    for (const o of outside) covered -= Math.max(0, Math.min(to, o.to) - Math.max(from, o.from));
    total += covered;
  }
  return total;
}

export function staffFigures(activity: StaffActivity, groupBy: 'clerk' | 'window'): StaffFigure[] {
  const groups = new Map<string | null, StaffFigure>();
  const group = (key: string | null) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, served: 0, servingMs: 0, walkMs: 0, openMs: 0, idleWhileWaitingMs: 0 }));
    return g;
  };
  for (const v of activity.visits) {
    const g = group(groupBy === 'clerk' ? v.clerkId : v.windowId);
    g.served++;
    g.servingMs += v.finishedAt - v.startedAt;
    g.walkMs += v.startedAt - v.calledAt;
  }
  const waitsByCategory = new Map<string, Span[]>();
  for (const w of activity.waits) waitsByCategory.set(w.categoryId, [...(waitsByCategory.get(w.categoryId) ?? []), w]);
  const busyByWindow = new Map<string, Span[]>();
  for (const v of activity.visits)
    busyByWindow.set(v.windowId, [...(busyByWindow.get(v.windowId) ?? []), { from: v.calledAt, to: v.finishedAt }]);
  const waitingFor = new Map<string, Span[]>();
  for (const [windowId, categories] of activity.servedCategories) {
    waitingFor.set(windowId, merge(categories.flatMap((c) => waitsByCategory.get(c) ?? [])));
  }
  const busy = new Map([...busyByWindow].map(([w, spans]) => [w, merge(spans)]));
  for (const span of activity.openSpans) {
    const g = group(groupBy === 'clerk' ? span.clerkId : span.windowId);
    g.openMs += span.to - span.from;
    g.idleWhileWaitingMs += coveredLength(span, waitingFor.get(span.windowId) ?? [], busy.get(span.windowId) ?? []);
  }
  return [...groups.values()];
}
