import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, Simulator, SimulatorOptions } from './simulator';

export const USAGE = `npm run simulate -- [options]     drive a demo hall through a working day over HTTP

  --url <url>          the running server (default ${DEFAULT_OPTIONS.url})
  --hall <code|id>     the hall (default ${DEFAULT_OPTIONS.hall}); refused unless it is a demo hall
  --force              drive a hall not marked as a demo hall (real time only: its clock is never moved)
  --seed <n>           random seed; the same seed on a fresh hall plays the same day (default ${DEFAULT_OPTIONS.seed})
  --days <n>           first back-fill n past working days, as fast as the server goes (default ${DEFAULT_OPTIONS.days})
  --speed <x>          hall seconds per real second from --start on; 0: as fast as possible (default ${DEFAULT_OPTIONS.speed})
  --start <HH:MM>      hall time from which the day runs at --speed; before it, fast (default ${DEFAULT_OPTIONS.start})
  --until <HH:MM>      hall time at which the simulation stops (default ${DEFAULT_OPTIONS.until})
  --date <YYYY-MM-DD>  the day to live (default: the latest working day up to today the hall has not lived)
  --citizens <n>       walk-in citizens of a whole day (default ${DEFAULT_OPTIONS.citizens})
  --windows <n>        service windows staffed (default: all; the pickup windows always are)
  --admin <username>   the system administrator (default ${DEFAULT_OPTIONS.admin})
  --security <username> the security administrator, who makes the simulator's staff accounts (default ${DEFAULT_OPTIONS.security})
  --password <pw>      the two administrators' password; the staff accounts get one derived from it (default: the demo password)
  --json               print the report as JSON at the end

Moving the hall clock needs a server started with DEMO_CLOCK=on (npm run demo does); against one on
the real time only today can be played, from now, with --days 0 and --speed 1.`;

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function parseSimulatorArgs(argv: string[], log: SimulatorOptions['log']): (SimulatorOptions & { json: boolean }) | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      hall: { type: 'string' },
      force: { type: 'boolean' },
      'allow-real-hall': { type: 'boolean' },
      seed: { type: 'string' },
      days: { type: 'string' },
      speed: { type: 'string' },
      start: { type: 'string' },
      until: { type: 'string' },
      date: { type: 'string' },
      citizens: { type: 'string' },
      windows: { type: 'string' },
      admin: { type: 'string' },
      security: { type: 'string' },
      password: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const number = (name: string, value: string | undefined, fallback: number, min: number, max: number) => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  for (const [name, value] of [
    ['start', values.start],
    ['until', values.until],
  ] as const) {
    if (value !== undefined && !TIME.test(value)) throw new Error(`--${name} must be HH:MM`);
  }
  if (values.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new Error('--date must be YYYY-MM-DD');
  return {
    ...DEFAULT_OPTIONS,
    url: values.url ?? DEFAULT_OPTIONS.url,
    hall: values.hall ?? DEFAULT_OPTIONS.hall,
    force: Boolean(values.force || values['allow-real-hall']),
    seed: Math.trunc(number('seed', values.seed, DEFAULT_OPTIONS.seed, 0, 2 ** 32 - 1)),
    days: Math.trunc(number('days', values.days, DEFAULT_OPTIONS.days, 0, 60)),
    speed: number('speed', values.speed, DEFAULT_OPTIONS.speed, 0, 3600),
    start: values.start ?? DEFAULT_OPTIONS.start,
    until: values.until ?? DEFAULT_OPTIONS.until,
    date: values.date,
    citizens: Math.trunc(number('citizens', values.citizens, DEFAULT_OPTIONS.citizens, 1, 5000)),
    windows: values.windows === undefined ? undefined : Math.trunc(number('windows', values.windows, 0, 1, 500)),
    admin: values.admin ?? DEFAULT_OPTIONS.admin,
    security: values.security ?? DEFAULT_OPTIONS.security,
    password: values.password ?? DEFAULT_OPTIONS.password,
    json: Boolean(values.json),
    log,
  };
}

/** A log that rewrites the progress line in place on a terminal and prints each one elsewhere. */
export function consoleLog(stream: NodeJS.WriteStream = process.stdout): SimulatorOptions['log'] {
  let open = false;
  return (line, progress) => {
    if (stream.isTTY && progress) {
      stream.write(`\r\x1b[2K${line}`);
      open = true;
      return;
    }
    if (open) stream.write('\n');
    open = false;
    stream.write(`${line}\n`);
  };
}

export async function main(argv: string[]): Promise<number> {
  const log = consoleLog();
  let opts: ReturnType<typeof parseSimulatorArgs>;
  try {
    opts = parseSimulatorArgs(argv, log);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const report = await new Simulator(opts).run();
    if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`simulation stopped: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
