// Run by test/embedded-postgres.e2e-spec.ts in a plain node process: `node -r ts-register.cjs embedded-scenario.ts <dir>`.
// Prints one JSON object with what happened at each step; the test asserts on it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

async function query(url: string, sql: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function occupy(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

async function main() {
  const dir = process.argv[2];
  const messages: string[] = [];
  const log = (m: string) => messages.push(m);
  const result: Record<string, unknown> = {};

  const blocker = await occupy();
  const first = await startEmbeddedPostgres({ dir: join(dir, 'pg'), persistent: true, preferredPort: blocker.port, log });
  blocker.server.close();
  result.busyPort = blocker.port;
  result.firstPort = first.port;
  await query(first.url, `create table kept (v text); insert into kept values ('一窗通办')`);

  const again = await startEmbeddedPostgres({ dir: join(dir, 'pg'), persistent: true, log });
  result.secondOwned = again.owned;
  result.secondPort = again.port;

  const pid = Number(readFileSync(join(dir, 'pg', 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 1000));
  const restarted = await startEmbeddedPostgres({ dir: join(dir, 'pg'), persistent: true, log });
  result.restartedOwned = restarted.owned;
  result.keptRows = await query(restarted.url, 'select v from kept');
  await restarted.stop();

  mkdirSync(join(dir, 'broken', 'data'), { recursive: true });
  writeFileSync(join(dir, 'broken', 'data', 'garbage'), 'x');
  const fresh = await startEmbeddedPostgres({ dir: join(dir, 'broken'), persistent: false, log });
  result.freshAnswers = await query(fresh.url, 'select 1 as one');
  await fresh.stop();

  result.messages = messages;
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

main().catch((err) => {
  process.stdout.write(JSON.stringify({ error: String(err?.stack ?? err) }) + '\n');
  process.exit(1);
});
