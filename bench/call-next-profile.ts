// Where the server's CPU goes in the call-next loop: the call-next section's hall and loop against one
// instance under `--cpu-prof`, the server stopped as soon as the loop ends so that the profile's last
// seconds are the loop's. Prints the server CPU per move and the profile's self time over the loop only.
// `npm run bench:profile-call-next -- [seconds=10] [rows=30]`
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Freshness from '../scripts/build-freshness.cjs';
import { createBenchHall, issueTickets } from './lib/bench-hall';
import { load1 } from './lib/machine';
import { measureMoveCost } from './lib/move-cost';
import { startBenchPostgres } from './lib/postgres';
import { summarise } from './profile-summary';
import { windowLoop } from './lib/window-loop';
import { ROOT, startServer } from '../test/support/server-process';

const freshness = createRequire(__filename)(join(ROOT, 'scripts', 'build-freshness.cjs')) as typeof Freshness;

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const rows = Number(process.argv[3] ?? 30);
  const say = (m: string) => process.stderr.write(`[profile] ${m}\n`);
  freshness.ensureServerBuilt(ROOT, say);
  const profileDir = mkdtempSync(join(tmpdir(), 'onewindow-prof-'));
  const pg = await startBenchPostgres();
  try {
    const server = await startServer(pg.url, { DATABASE_POOL_SIZE: '20' }, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
    let loopSeconds = 0;
    try {
      const hall = await createBenchHall(server.url, 'PROF-CALL', 50);
      await issueTickets(server.url, hall, 4000);
      // Every clerk's first requests fill the instance's caches (window, hall, account, session): not what a move costs.
      await windowLoop(server.url, hall.windows, 2);
      say(`loop for ${seconds} s (load ${load1()})`);
      const { result, cost } = await measureMoveCost(
        pg.url,
        pg.dataDir,
        [server.pid],
        () => windowLoop(server.url, hall.windows, seconds),
        (l) => l.moves,
      );
      loopSeconds = result.seconds;
      process.stdout.write(
        `${result.calls} calls, ${result.moves} moves in ${result.seconds.toFixed(1)} s (load ${load1()}); per move: ` +
          `server CPU ${cost.serverCpuMsPerMove.toFixed(2)} ms, PostgreSQL CPU ${cost.postgresCpuMsPerMove.toFixed(2)} ms, ` +
          `${cost.statementsPerMove.toFixed(2)} statements\n` +
          cost.top.map((t) => `  ${t.callsPerMove.toFixed(3)} × ${t.msPerMove.toFixed(3)} ms  ${t.query}\n`).join('') +
          '\n',
      );
    } finally {
      await server.stop();
    }
    const [file] = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
    say(`profile: ${join(profileDir, file)}`);
    process.stdout.write(summarise(join(profileDir, file), rows, loopSeconds));
  } finally {
    await pg.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`[profile] failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
