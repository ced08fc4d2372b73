import { createServer, Server, Socket } from 'node:net';
import { Client, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter';
import { createTestDatabase } from '../support/test-database';

/** Resolves with what `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** A TCP relay to PostgreSQL that the test can cut, the way a restart, a failover or a network fault does. */
async function relayTo(url: URL): Promise<{ port: number; sockets: Socket[]; server: Server }> {
  const sockets: Socket[] = [];
  const server = createServer((inbound) => {
    const outbound = new Socket().connect(Number(url.port), url.hostname);
    sockets.push(inbound);
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.on('close', () => outbound.destroy());
  });
  return { port: await listen(server), sockets, server };
}

const withPort = (url: URL, port: number) => Object.assign(new URL(url), { port: String(port) }).toString();

/**
 * Every way pg, pg-pool and TypeORM report that the database went away, each produced for real
 * (or, for the states a restart passes through too quickly to catch, built the way pg builds
 * them), must come out of the error filter as 503 SERVICE_UNAVAILABLE: the request did not happen
 * and may be retried.
 */
describe('the error filter and a lost database', () => {
  const filter = new AllExceptionsFilter();
  const shapes: [string, Error][] = [];
  const servers: Server[] = [];
  let url: URL;

  beforeAll(async () => {
    url = new URL(await createTestDatabase());

    // A port that was listening a moment ago and is closed now.
    const probe = createServer();
    const closed = await listen(probe);
    await new Promise((r) => probe.close(r));
    shapes.push(['connection refused', await rejection(new Client({ connectionString: withPort(url, closed) }).connect())]);

    const silent = createServer(() => undefined);
    servers.push(silent);
    const silentPool = new Pool({ connectionString: withPort(url, await listen(silent)), connectionTimeoutMillis: 200 });
    shapes.push(['server accepts but never answers', await rejection(silentPool.query('select 1'))]);
    await silentPool.end().catch(() => undefined);

    const busyPool = new Pool({ connectionString: url.toString(), max: 1, connectionTimeoutMillis: 200 });
    const held = await busyPool.connect();
    shapes.push(['every pooled connection in use', await rejection(busyPool.connect())]);
    held.release();
    await busyPool.end();

    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    const victim = new Client({ connectionString: url.toString() });
    await victim.connect();
    victim.on('error', () => undefined);
    const pid = (await victim.query('select pg_backend_pid() as pid')).rows[0].pid;
    const sleeping = rejection(victim.query('select pg_sleep(30)'));
    await new Promise((r) => setTimeout(r, 200));
    await admin.query('select pg_terminate_backend($1)', [pid]);
    shapes.push(['backend terminated mid-query (57P01)', await sleeping]);
    shapes.push(['query on a client whose connection died', await rejection(victim.query('select 1'))]);
    await admin.end();

    const relay = await relayTo(url);
    servers.push(relay.server);
    for (const [label, cut] of [
      ['connection closed mid-query', (s: Socket) => s.destroy()],
      ['connection reset mid-query', (s: Socket) => s.resetAndDestroy()],
    ] as const) {
      const client = new Client({ connectionString: withPort(url, relay.port) });
      await client.connect();
      client.on('error', () => undefined);
      const pending = rejection(client.query('select pg_sleep(30)'));
      await new Promise((r) => setTimeout(r, 200));
      cut(relay.sockets[relay.sockets.length - 1]);
      shapes.push([label, await pending]);
      shapes.push([`query after the ${label.replace(' mid-query', '')}`, await rejection(client.query('select 1'))]);
    }

    for (const [code, message] of [
      ['57P03', 'the database system is starting up'],
      ['57P03', 'the database system is shutting down'],
      ['57P02', 'terminating connection due to crash of another server process'],
      ['53300', 'sorry, too many clients already'],
      ['08006', 'connection failure'],
    ]) {
      shapes.push([`${code} ${message}`, Object.assign(new Error(message), { code, severity: 'FATAL' })]);
    }
  });
  afterAll(() => {
    for (const s of servers) s.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE for each, as the driver throws it and as TypeORM wraps it', () => {
    const answers = shapes.flatMap(([label, err]) => [
      [label, filter.toBody(err, { id: 'r' })],
      [`${label}, in a QueryFailedError`, filter.toBody(new QueryFailedError('select 1', [], err), { id: 'r' })],
    ]);
    for (const [label, err] of shapes)
      process.stdout.write(`[lost-database-errors] ${label}: ${(err as { code?: string }).code ?? '-'} ${err.message}\n`);
    expect(shapes).toHaveLength(14);
    expect(answers.filter(([, body]) => (body as { code: string }).code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
  });
});
