import { IsoDate } from './calendar-types';
import { checkYearSchedule, holidayName, NationalDay, NationalDayKind, ScheduleError } from './national-schedule';

/** A property line after unfolding: name upper-cased, parameters dropped except VALUE. */
interface Property {
  name: string;
  value: string;
  line: number;
}

const DAY_MS = 86_400_000;
// Holiday feeds are all-day events; anything spanning more than a year is not a holiday block.
const MAX_EVENT_DAYS = 366;
// chinese-days writes "国庆节(休)" / "国庆节(班)"; the full-width brackets are as common.
const BRACKETED_MARKER = /[（(]\s*(休|班)\s*[)）]\s*$/;
// Other feeds write "春节 补班" or "国庆节 放假". 班 wins over 休/假: "调休上班" is a working day.
const TRAILING_MARKER = /[\s\-–—:：·]*(调休上班|调休|补班|上班|放假|休息|休假|休|班)\s*$/;

function invalid(line: number, reason: string): ScheduleError {
  return new ScheduleError('INVALID_ICS', { line, reason });
}

/** RFC 5545 §3.1: a line starting with a space or tab continues the previous one. */
function unfold(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && out.length > 0) out[out.length - 1].text += raw.slice(1);
    else if (raw.trim() !== '') out.push({ text: raw, line: i + 1 });
  });
  return out;
}

function parseProperty(text: string, line: number): Property {
  // The value starts after the first colon outside a quoted parameter value.
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      return { name: text.slice(0, i).split(';')[0].trim().toUpperCase(), value: text.slice(i + 1), line };
    }
  }
  throw invalid(line, 'property without a value');
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? ' ' : c));
}

/** Date part of a DATE or DATE-TIME value, and whether a time other than midnight was given. */
function parseDateValue(p: Property): { ms: number; afterMidnight: boolean } {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{6})Z?)?$/.exec(p.value.trim());
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== `${m[1]}-${m[2]}-${m[3]}`) {
    throw invalid(p.line, `${p.name} is not a date: ${p.value}`);
  }
  return { ms, afterMidnight: m[4] !== undefined && m[4] !== '000000' };
}

function classify(summary: string, line: number): { kind: NationalDayKind; name: string } {
  let kind: NationalDayKind;
  let name: string;
  const bracketed = BRACKETED_MARKER.exec(summary);
  if (bracketed) {
    kind = bracketed[1] === '班' ? 'makeup_workday' : 'holiday';
    name = summary.slice(0, bracketed.index);
  } else if (/[班休假]/.test(summary)) {
    kind = summary.includes('班') ? 'makeup_workday' : 'holiday';
    name = summary.replace(TRAILING_MARKER, '');
  } else {
    throw invalid(line, `SUMMARY marks neither 休/假 (day off) nor 班 (working day): ${summary}`);
  }
  name = holidayName(name);
  if (!name) throw invalid(line, `SUMMARY names no holiday: ${summary}`);
  return { kind, name };
}

/** Every date an event covers: DTEND is exclusive for dates (RFC 5545 §3.6.1). */
function eventDates(props: Map<string, Property>, line: number): IsoDate[] {
  const startProp = props.get('DTSTART');
  if (!startProp) throw invalid(line, 'VEVENT without DTSTART');
  const start = parseDateValue(startProp).ms;
  let endExclusive = start + DAY_MS;
  const endProp = props.get('DTEND');
  const durationProp = props.get('DURATION');
  if (endProp) {
    const end = parseDateValue(endProp);
    endExclusive = end.afterMidnight ? end.ms + DAY_MS : end.ms;
  } else if (durationProp) {
    const m = /^P(\d+)([DW])$/.exec(durationProp.value.trim());
    if (!m) throw invalid(durationProp.line, `DURATION must be whole days or weeks: ${durationProp.value}`);
    endExclusive = start + Number(m[1]) * (m[2] === 'W' ? 7 : 1) * DAY_MS;
  }
  const days = (endExclusive - start) / DAY_MS;
  if (days < 1) throw invalid(line, 'VEVENT ends before it starts');
  if (days > MAX_EVENT_DAYS) throw invalid(line, 'VEVENT spans more than a year');
  return Array.from({ length: days }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

/**
 * The days of `year` in an iCalendar holiday feed (such as the one chinese-days publishes):
 * each VEVENT is a block of days off (休) or a make-up working day (班) named by its SUMMARY.
 * Events outside the year are ignored, so a multi-year feed can be loaded year by year. Two
 * events on one date with the same kind merge their names (国庆节、中秋节); a date that is
 * both a day off and a working day is refused.
 */
export function parseIcsSchedule(text: string, year: number): NationalDay[] {
  const lines = unfold(text.replace(/^\uFEFF/, ''));
  if (lines[0]?.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR')
    throw invalid(lines[0]?.line ?? 1, 'not an iCalendar document (BEGIN:VCALENDAR)');

  const byDate = new Map<IsoDate, { kind: NationalDayKind; names: string[] }>();
  const stack: string[] = [];
  let event: { props: Map<string, Property>; line: number } | null = null;
  for (const { text: content, line } of lines) {
    const prop = parseProperty(content, line);
    if (prop.name === 'BEGIN') {
      const component = prop.value.trim().toUpperCase();
      stack.push(component);
      if (component === 'VEVENT' && stack.length === 2) event = { props: new Map(), line };
      continue;
    }
    if (prop.name === 'END') {
      if (stack.pop() !== prop.value.trim().toUpperCase()) throw invalid(line, `END:${prop.value} does not close the open component`);
      if (event && stack.length === 1) {
        addEvent(byDate, event.props, event.line, year);
        event = null;
      }
      continue;
    }
    // Only the event's own properties: a nested VALARM has its own SUMMARY.
    if (event && stack.length === 2 && !event.props.has(prop.name)) event.props.set(prop.name, prop);
  }
  if (stack.length > 0) throw invalid(lines[lines.length - 1].line, `${stack[stack.length - 1]} is not closed`);

  const days = [...byDate].map(([date, d]) => ({ date, kind: d.kind, name: d.names.join('、') }));
  return checkYearSchedule(year, days);
}

function addEvent(
  byDate: Map<IsoDate, { kind: NationalDayKind; names: string[] }>,
  props: Map<string, Property>,
  line: number,
  year: number,
): void {
  if (props.get('STATUS')?.value.trim().toUpperCase() === 'CANCELLED') return;
  if (props.has('RRULE') || props.has('RDATE')) throw invalid(line, 'recurring events are not supported');
  const summary = props.get('SUMMARY');
  if (!summary) throw invalid(line, 'VEVENT without SUMMARY');
  const { kind, name } = classify(unescapeText(summary.value).trim(), summary.line);
  for (const date of eventDates(props, line)) {
    if (Number(date.slice(0, 4)) !== year) continue;
    const existing = byDate.get(date);
    if (!existing) byDate.set(date, { kind, names: [name] });
    else if (existing.kind !== kind) throw new ScheduleError('DUPLICATE_DATE', { date, line });
    else if (!existing.names.includes(name)) existing.names.push(name);
  }
}
