import {
  allowedRectificationMoves,
  applyRectificationMove,
  lateSteps,
  overdueSteps,
  RECTIFICATION_MOVES,
  RECTIFICATION_STATUSES,
  RectificationMove,
  RectificationStatus,
  TaskTimes,
} from './rectification-state-machine';

// Written out by hand: contact → reply → close, nothing skipped, nothing after closing.
const EXPECTED: Record<RectificationStatus, Record<RectificationMove, RectificationStatus | null>> = {
  open: { contact: 'contacted', reply: null, close: null },
  contacted: { contact: null, reply: 'replied', close: null },
  replied: { contact: null, reply: null, close: 'closed' },
  closed: { contact: null, reply: null, close: null },
};

describe('rectification task moves', () => {
  it.each(RECTIFICATION_STATUSES.flatMap((s) => RECTIFICATION_MOVES.map((m) => [s, m] as const)))('%s --%s-->', (status, move) => {
    const result = applyRectificationMove(status, move);
    const expected = EXPECTED[status][move];
    if (expected) expect(result).toEqual({ ok: true, to: expected });
    else expect(result).toEqual({ ok: false, status, move, allowed: allowedRectificationMoves(status) });
  });

  it('lists the allowed moves of each status', () => {
    expect(RECTIFICATION_STATUSES.map(allowedRectificationMoves)).toEqual([['contact'], ['reply'], ['close'], []]);
  });
});

describe('overdue and late steps', () => {
  const task = (status: RectificationStatus, extra: Partial<TaskTimes> = {}): TaskTimes => ({
    status,
    contactDueAt: new Date('2025-10-09T09:30:00Z'),
    replyDueAt: new Date('2025-10-14T09:30:00Z'),
    contactedAt: null,
    repliedAt: null,
    ...extra,
  });
  const at = (iso: string) => new Date(iso);

  it('is not overdue up to and at the due instant', () => {
    expect(overdueSteps(task('open'), at('2025-10-09T09:30:00Z'))).toEqual([]);
    expect(overdueSteps(task('open'), at('2025-10-09T09:30:00.001Z'))).toEqual(['contact']);
  });

  it('counts only the steps still outstanding', () => {
    const late = at('2025-10-20T00:00:00Z');
    expect(overdueSteps(task('open'), late)).toEqual(['contact', 'reply']);
    expect(overdueSteps(task('contacted'), late)).toEqual(['reply']);
    expect(overdueSteps(task('replied'), late)).toEqual([]);
    expect(overdueSteps(task('closed'), late)).toEqual([]);
  });

  it('remembers a step done after its due time', () => {
    expect(lateSteps(task('replied', { contactedAt: at('2025-10-09T09:30:00Z'), repliedAt: at('2025-10-14T09:31:00Z') }))).toEqual([
      'reply',
    ]);
    expect(lateSteps(task('contacted', { contactedAt: at('2025-10-10T01:00:00Z') }))).toEqual(['contact']);
    expect(lateSteps(task('open'))).toEqual([]);
  });
});
