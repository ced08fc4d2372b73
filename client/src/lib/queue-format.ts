/** Whole minutes as a citizen reads an estimate: never "0 minutes" while still waiting. */
export function waitMinutes(ms: number): number {
  return Math.max(1, Math.round(ms / 60_000));
}

/** An instant as the hall's clock shows it ("09:05:12", or "2026/03/02 09:05" with the date), wherever the browser is. */
export function hallTime(iso: string, timezone: string, withDate = false): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: timezone,
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : { second: '2-digit' }),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}
