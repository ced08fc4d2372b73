import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Date, weekday and time in the hall's own time zone, ticking every second. */
export function HallClock({ timezone, className }: { timezone: string; className?: string }) {
  const { lang } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  const [date, time] = useMemo(() => [
    new Intl.DateTimeFormat(lang, { timeZone: timezone, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }),
    new Intl.DateTimeFormat(lang, { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }),
  ], [lang, timezone]);
  return (
    <div className={className}>
      <span className="hall-clock-date">{date.format(now)}</span>
      <time className="hall-clock-time" dateTime={now.toISOString()}>{time.format(now)}</time>
    </div>
  );
}
