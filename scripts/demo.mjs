// `npm run demo`: the hall as `npm start` runs it, but on the demo clock and with a database of its
// own (.data/demo-postgres), driven by the simulator through a working day: past days first, as
// fast as the server goes, then the day itself from 10:00, one hall hour per real minute. Options
// after `--` go to the simulator (`npm run demo -- --speed 120 --days 5`); PORT as for npm start.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import freshness from './build-freshness.cjs';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const log = (message) => console.log(`[demo] ${message}`);
const started = Date.now();

freshness.ensureServerBuilt(root, log);
freshness.ensureClientBuilt(root, log);

const port = process.env.PORT ?? '3000';
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [join(root, 'dist/src/main.js')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    PORT: port,
    DEMO_CLOCK: 'on',
    // At 60 hall seconds a second the default minute between sweeps would be an hour of warnings late.
    CASE_SWEEP_INTERVAL_SECONDS: process.env.CASE_SWEEP_INTERVAL_SECONDS ?? '2',
    EMBEDDED_PG_DIR: process.env.EMBEDDED_PG_DIR ?? join(root, '.data/demo-postgres'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  },
});
let stopping = false;
const stop = (code) => {
  stopping = true;
  server.kill('SIGTERM');
  server.once('exit', () => process.exit(code));
  setTimeout(() => process.exit(code), 15_000).unref();
};
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
server.once('exit', (code) => {
  if (stopping) return;
  log(`the server stopped (exit code ${code})`);
  process.exit(code ?? 1);
});

for (let ready = false; !ready;) {
  if (Date.now() - started > 300_000) {
    log('the server did not answer within 5 minutes');
    stop(1);
  }
  try {
    ready = (await fetch(`${base}/api/health`)).ok;
  } catch {
    // not listening yet
  }
  if (!ready) await new Promise((r) => setTimeout(r, 500));
}

const url = `http://localhost:${port}`;
log(`the hall is up after ${Math.round((Date.now() - started) / 1000)} s; it comes alive as the simulation starts:`);
log(`  hall display     ${url}/display?token=owd_demo-display-token-change-me`);
log(`  manager          ${url}/manager      (manager / OneWindow#2026)`);
log(`  back office      ${url}/backoffice   (approver-scjg, approver-bdc… / OneWindow#2026)`);
log(`  kiosk            ${url}/kiosk?token=owd_demo-kiosk-token-change-me`);

const { main } = require(join(root, 'dist/src/simulation/simulate-cli.js'));
const code = await main(['--url', base, '--days', '2', '--speed', '60', '--start', '10:00', ...process.argv.slice(2)]);
if (code !== 0) stop(code);
else log(`the simulated day is over after ${Math.round((Date.now() - started) / 1000)} s; the hall stays up on ${url} until Ctrl-C`);
