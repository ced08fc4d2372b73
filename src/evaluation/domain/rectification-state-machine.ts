/**
 * A 差评's rectification task (整改): contact the citizen, rectify and reply, close. Pure: the
 * service persists the new status and appends the event row; this table decides what is legal,
 * so the service, the 409 answer ("allowed") and the tests share it.
 */

export const RECTIFICATION_STATUSES = ['open', 'contacted', 'replied', 'closed'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECTIFICATION_MOVES = ['contact', 'reply', 'close'] as const;
export type RectificationMove = (typeof RECTIFICATION_MOVES)[number];

/** 'open' is the event of the rating that created the task; it is no move a manager can make. */
export type RectificationEventMove = RectificationMove | 'open';

// One way through: a reply needs a contact first and a task is closed only with its outcome
// recorded, so "closed ÷ tasks" (the rectification rate) counts only tasks really dealt with.
const TRANSITIONS: { readonly [M in RectificationMove]: { from: RectificationStatus; to: RectificationStatus } } = {
  contact: { from: 'open', to: 'contacted' },
  reply: { from: 'contacted', to: 'replied' },
  close: { from: 'replied', to: 'closed' },
};

export type RectificationMoveResult =
  { ok: true; to: RectificationStatus } | { ok: false; status: RectificationStatus; move: RectificationMove; allowed: RectificationMove[] };

export function allowedRectificationMoves(status: RectificationStatus): RectificationMove[] {
  return RECTIFICATION_MOVES.filter((m) => TRANSITIONS[m].from === status);
}

export function applyRectificationMove(status: RectificationStatus, move: RectificationMove): RectificationMoveResult {
  const t = TRANSITIONS[move];
  if (t.from !== status) return { ok: false, status, move, allowed: allowedRectificationMoves(status) };
  return { ok: true, to: t.to };
}

/** The steps with a due time, and from which statuses each is still outstanding. */
export const DUE_STEPS = ['contact', 'reply'] as const;
export type DueStep = (typeof DUE_STEPS)[number];

const OUTSTANDING: Readonly<Record<DueStep, readonly RectificationStatus[]>> = {
  contact: ['open'],
  reply: ['open', 'contacted'],
};

export interface TaskTimes {
  status: RectificationStatus;
  contactDueAt: Date;
  replyDueAt: Date;
  contactedAt: Date | null;
  repliedAt: Date | null;
}

/** Steps not done and past their due time at `now`: a non-empty list makes the task overdue. */
export function overdueSteps(task: TaskTimes, now: Date): DueStep[] {
  const due: Record<DueStep, Date> = { contact: task.contactDueAt, reply: task.replyDueAt };
  return DUE_STEPS.filter((step) => OUTSTANDING[step].includes(task.status) && now.getTime() > due[step].getTime());
}

/** Steps done, but after their due time: the record keeps that a task was late even once closed. */
export function lateSteps(task: TaskTimes): DueStep[] {
  const late: DueStep[] = [];
  if (task.contactedAt && task.contactedAt.getTime() > task.contactDueAt.getTime()) late.push('contact');
  if (task.repliedAt && task.repliedAt.getTime() > task.replyDueAt.getTime()) late.push('reply');
  return late;
}

/** overdueSteps as a SQL condition for the list filter, built from the same table; `now` is a bind parameter such as $2. */
export function overdueSql(alias: string, now: string): string {
  const steps = DUE_STEPS.map((step) => {
    const statuses = OUTSTANDING[step].map((s) => `'${s}'`).join(', ');
    return `(${alias}.status in (${statuses}) and ${alias}.${step}_due_at < ${now})`;
  });
  return `(${steps.join(' or ')})`;
}
