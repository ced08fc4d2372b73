import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkYearSchedule, NationalDay } from './domain/national-schedule';

export interface PackageSchedule {
  /** `chinese-days@1.5.7`: recorded per year, so one can tell which release a schedule came from. */
  source: string;
  years: Map<number, NationalDay[]>;
}

interface ChineseDaysData {
  /** '2025-10-01': 'National Day,国庆节,3' — English name, Chinese name, length of the block. */
  holidays: Record<string, string>;
  /** Make-up working days (调休上班), named like the holidays. */
  workdays: Record<string, string>;
}

function chineseName(value: string): string {
  const fields = value.split(',');
  return fields.length >= 3 ? fields[fields.length - 2] : value;
}

/**
 * Every year the installed chinese-days release holds, read from the data file it ships
 * rather than through its date-by-date API, and checked like any schedule an admin loads.
 */
export function chineseDaysSchedule(): PackageSchedule {
  const dir = dirname(require.resolve('chinese-days/package.json'));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  const data = JSON.parse(readFileSync(join(dir, 'dist', 'chinese-days.json'), 'utf8')) as ChineseDaysData;

  const byYear = new Map<number, NationalDay[]>();
  const add = (date: string, kind: NationalDay['kind'], value: string) => {
    const year = Number(date.slice(0, 4));
    if (!byYear.has(year)) byYear.set(year, []);
    byYear.get(year)!.push({ date, kind, name: chineseName(value) });
  };
  for (const [date, value] of Object.entries(data.holidays)) add(date, 'holiday', value);
  for (const [date, value] of Object.entries(data.workdays)) add(date, 'makeup_workday', value);

  const years = new Map<number, NationalDay[]>();
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) years.set(year, checkYearSchedule(year, byYear.get(year)!));
  return { source: `chinese-days@${version}`, years };
}
