import { useEffect, useState } from 'react';
import { hallFormatter } from '../lib/hall-time';
import { useI18n } from '../i18n/i18n';
import { hallsApi } from '../api/admin';

/** How often a screen on a demo server reads the demo clock again (the simulator may have moved it). */
const DEMO_CLOCK_REFRESH_MS = 10_000;

/**
 * The hall's time: the computer's, unless the server runs on the demo clock (`npm run demo`), which
 * the screen then follows. A server on the real time is asked once, when the screen starts.
 */
function useHallNow(deviceToken?: string): Date {
  const [demo, setDemo] = useState<{ atMs: number; speed: number; readAt: number } | null>(null);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!deviceToken) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const read = () => {
      hallsApi
        .demoClock(deviceToken)
        .then((c) => {
          if (stopped || !c.enabled) return;
          setDemo({ atMs: Date.parse(c.at), speed: c.speed, readAt: Date.now() });
          timer = setTimeout(read, DEMO_CLOCK_REFRESH_MS);
        })
        .catch(() => undefined);
    };
    read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [deviceToken]);
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return demo ? new Date(demo.atMs + (now.getTime() - demo.readAt) * demo.speed) : now;
}

/** Date, weekday and time in the hall's own time zone, ticking every second. */
export function HallClock({ timezone, className, deviceToken }: { timezone: string; className?: string; deviceToken?: string }) {
  const { lang } = useI18n();
  const now = useHallNow(deviceToken);
  const date = hallFormatter(timezone, 'longDate', lang);
  const time = hallFormatter(timezone, 'clock', lang);
  return (
    <div className={className}>
      <span className="hall-clock-date">{date.format(now)}</span>
      <time className="hall-clock-time" dateTime={now.toISOString()}>
        {time.format(now)}
      </time>
    </div>
  );
}
