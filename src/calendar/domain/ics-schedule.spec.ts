import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NOTICE_2025, NOTICE_2026, officialCalendar } from './__fixtures__/official-schedules';
import { parseIcsSchedule } from './ics-schedule';
import { ScheduleError } from './national-schedule';

const packageDir = dirname(require.resolve('chinese-days/package.json'));
const feed = (name: string) => readFileSync(join(packageDir, 'dist', name), 'utf8');

function errorOf(fn: () => unknown): { code: string; details: Record<string, unknown> } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScheduleError) return { code: e.code, details: e.details };
    throw e;
  }
  return undefined;
}

const ics = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', ...events.flatMap((e) => ['BEGIN:VEVENT', ...e.split('\n'), 'END:VEVENT']), 'END:VCALENDAR'].join(
    '\r\n',
  );

describe('parseIcsSchedule on the feeds chinese-days publishes', () => {
  it.each([NOTICE_2025, NOTICE_2026])('the $year feed gives the days of the notice', (notice) => {
    const days = parseIcsSchedule(feed(`years/${notice.year}.ics`), notice.year);
    const expected = officialCalendar([notice]);
    expect(days.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual([...expected.holidays.keys()].sort());
    expect(days.filter((d) => d.kind === 'makeup_workday').map((d) => d.date)).toEqual([...expected.makeupWorkdays.keys()].sort());
  });

  it('names the days in full Chinese and keeps the combined 2025 autumn block apart by festival', () => {
    const byDate = new Map(parseIcsSchedule(feed('years/2025.ics'), 2025).map((d) => [d.date, d.name]));
    expect(byDate.get('2025-04-04')).toBe('清明节');
    expect(byDate.get('2025-10-01')).toBe('国庆节');
    expect(byDate.get('2025-10-06')).toBe('中秋节');
    expect(byDate.get('2025-09-28')).toBe('国庆节');
  });

  it('takes one year out of the multi-year feed', () => {
    const days = parseIcsSchedule(feed('holidays.ics'), 2026);
    expect(days.every((d) => d.date.startsWith('2026-'))).toBe(true);
    expect(days).toContainEqual({ date: '2026-02-14', kind: 'makeup_workday', name: '春节' });
  });
});

describe('parseIcsSchedule on hand-written feeds', () => {
  it('reads folded lines, DURATION, date-times, full-width brackets and "补班" summaries; skips cancelled events', () => {
    const days = parseIcsSchedule(
      ics(
        'DTSTART;VALUE=DATE:20270101\nDURATION:P2D\nSUMMARY:元\n 旦（休）',
        'DTSTART:20270103T090000\nDTEND:20270103T170000\nSUMMARY:元旦 补班',
        'DTSTART;VALUE=DATE:20270405\nSUMMARY:清明节 放假',
        'DTSTART;VALUE=DATE:20270406\nSTATUS:CANCELLED\nSUMMARY:清明(休)',
        'DTSTART;VALUE=DATE:20270101\nSUMMARY:新年(休)\nBEGIN:VALARM\nSUMMARY:提醒(班)\nEND:VALARM',
      ),
      2027,
    );
    expect(days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦、新年' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-03', kind: 'makeup_workday', name: '元旦' },
      { date: '2027-04-05', kind: 'holiday', name: '清明节' },
    ]);
  });

  it.each([
    ['not a calendar', 'hello', 'INVALID_ICS'],
    ['no DTSTART', ics('SUMMARY:元旦(休)'), 'INVALID_ICS'],
    ['an impossible date', ics('DTSTART;VALUE=DATE:20270230\nSUMMARY:元旦(休)'), 'INVALID_ICS'],
    ['an end before the start', ics('DTSTART;VALUE=DATE:20270105\nDTEND;VALUE=DATE:20270104\nSUMMARY:元旦(休)'), 'INVALID_ICS'],
    ['no 休 or 班', ics('DTSTART;VALUE=DATE:20270101\nSUMMARY:New Year'), 'INVALID_ICS'],
    ['only a marker', ics('DTSTART;VALUE=DATE:20270101\nSUMMARY:(休)'), 'INVALID_ICS'],
    ['a recurring event', ics('DTSTART;VALUE=DATE:20270101\nRRULE:FREQ=YEARLY\nSUMMARY:元旦(休)'), 'INVALID_ICS'],
    ['an unclosed event', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:元旦(休)', 'INVALID_ICS'],
    [
      'a date both off and worked',
      ics('DTSTART;VALUE=DATE:20270102\nSUMMARY:元旦(休)', 'DTSTART;VALUE=DATE:20270102\nSUMMARY:元旦(班)'),
      'DUPLICATE_DATE',
    ],
    ['a working day on a weekday', ics('DTSTART;VALUE=DATE:20270104\nSUMMARY:元旦(班)'), 'MAKEUP_NOT_WEEKEND'],
    ['nothing in the year', ics('DTSTART;VALUE=DATE:20260101\nSUMMARY:元旦(休)'), 'EMPTY_SCHEDULE'],
  ])('refuses %s', (_what, text, code) => {
    expect(errorOf(() => parseIcsSchedule(text, 2027))?.code).toBe(code);
  });

  it('says on which line the bad event starts', () => {
    const text = ics('DTSTART;VALUE=DATE:20270101\nSUMMARY:元旦(休)', 'DTSTART;VALUE=DATE:2027\nSUMMARY:春节(休)');
    expect(errorOf(() => parseIcsSchedule(text, 2027))?.details).toMatchObject({ line: 8 });
  });
});
