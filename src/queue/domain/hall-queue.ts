/**
 * Position and estimated wait of every waiting ticket of a hall, built on orderWaiting and
 * estimateWaits. A window serves several categories, so each category queue gets the share of an
 * open window that its weight earns among that window's categories with someone waiting; tickets
 * transferred to one window form that window's own queue.
 */
import { estimateWaits, robustServiceMs } from './estimated-wait';
import { orderWaiting, ServedCategory, WaitingTicket } from './queue-ordering';

export interface HallTicket extends WaitingTicket {
  readonly targetWindowId: string | null;
}

export interface HallWindow {
  readonly id: string;
  readonly open: boolean;
  readonly categories: readonly ServedCategory[];
}

export interface HallQueueInput {
  readonly now: number;
  readonly tickets: readonly HallTicket[];
  readonly windows: readonly HallWindow[];
  /** Recent service durations (ms) by category id. */
  readonly recentServiceMs: Readonly<Record<string, readonly number[]>>;
  readonly defaultServiceMs: number;
  readonly targetWaitMs?: number;
  readonly maxPriorityStreak?: number;
}

export interface TicketPlan {
  readonly ahead: number;
  readonly estimatedWaitMs: number | null;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Open windows serving a category, each counted by the weight share of that category among its busy ones. */
export function windowShare(categoryId: string, windows: readonly HallWindow[], busyCategories: ReadonlySet<string>): number {
  let share = 0;
  for (const w of windows) {
    if (!w.open) continue;
    const own = w.categories.find((c) => c.categoryId === categoryId);
    if (!own) continue;
    const total = w.categories
      .filter((c) => c.categoryId === categoryId || busyCategories.has(c.categoryId))
      .reduce((sum, c) => sum + c.weight, 0);
    share += own.weight / total;
  }
  return share;
}

export function planHallQueue(input: HallQueueInput): Map<string, TicketPlan> {
  const plan = new Map<string, TicketPlan>();
  const common = { now: input.now, targetWaitMs: input.targetWaitMs, maxPriorityStreak: input.maxPriorityStreak, priorityStreak: 0 };
  const byCategory = groupBy(
    input.tickets.filter((t) => t.targetWindowId === null),
    (t) => t.categoryId,
  );
  const byWindow = groupBy(
    input.tickets.filter((t) => t.targetWindowId !== null),
    (t) => t.targetWindowId!,
  );
  const busy = new Set(byCategory.keys());

  const place = (tickets: readonly HallTicket[], categoryIds: string[], openWindowsServing: number) => {
    const order = orderWaiting({ ...common, tickets, categories: categoryIds.map((categoryId) => ({ categoryId, weight: 1 })) });
    const estimates = estimateWaits({
      orderedTicketIds: order,
      openWindowsServing,
      recentServiceMs: categoryIds.flatMap((id) => input.recentServiceMs[id] ?? []),
      defaultServiceMs: input.defaultServiceMs,
    });
    for (const e of estimates) plan.set(e.ticketId, { ahead: e.ahead, estimatedWaitMs: e.estimatedWaitMs });
  };

  for (const [categoryId, tickets] of byCategory) place(tickets, [categoryId], windowShare(categoryId, input.windows, busy));
  for (const [windowId, tickets] of byWindow) {
    const open = input.windows.some((w) => w.id === windowId && w.open);
    place(tickets, [...new Set(tickets.map((t) => t.categoryId))], open ? 1 : 0);
  }
  return plan;
}

export interface NewcomerPlan extends TicketPlan {
  /** What each further place ahead adds to the estimate; null when no open window serves the category. */
  readonly perPlaceMs: number | null;
}

/**
 * planHallQueue's answer for one more ticket, not transferred to a window, without planning the
 * other categories: only its own category's order and the set of busy categories matter to it.
 */
export function planNewcomer(input: HallQueueInput, ticket: WaitingTicket): NewcomerPlan {
  const untargeted = input.tickets.filter((t) => t.targetWindowId === null);
  const busy = new Set(untargeted.map((t) => t.categoryId)).add(ticket.categoryId);
  const order = orderWaiting({
    now: input.now,
    targetWaitMs: input.targetWaitMs,
    maxPriorityStreak: input.maxPriorityStreak,
    priorityStreak: 0,
    tickets: [...untargeted.filter((t) => t.categoryId === ticket.categoryId), ticket],
    categories: [{ categoryId: ticket.categoryId, weight: 1 }],
  });
  const ahead = order.indexOf(ticket.id);
  const share = windowShare(ticket.categoryId, input.windows, busy);
  if (!(share > 0)) return { ahead, estimatedWaitMs: null, perPlaceMs: null };
  const perPlaceMs = robustServiceMs(input.recentServiceMs[ticket.categoryId] ?? [], input.defaultServiceMs) / share;
  return { ahead, estimatedWaitMs: Math.round(ahead * perPlaceMs), perPlaceMs };
}
