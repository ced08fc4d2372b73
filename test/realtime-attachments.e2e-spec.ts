import { createServer as createHttpServer } from 'node:http';
import { Server } from 'socket.io';
import { MessageType } from 'socket.io-adapter';
import { ListenerPool } from '../src/realtime/listener-pool';
import { createPostgresAdapter } from '../src/realtime/postgres-pubsub';
import { createTestDatabase } from './support/test-database';
import { sleep } from './support/queue-helpers';

/**
 * Events over NOTIFY's 8,000 bytes cross instances through the adapter's attachment table. The
 * adapter as published (0.5.0) sends the attachment's notice without its namespace, so the sender
 * cannot tell the notice is its own and reads every attachment it wrote back from the database, and
 * a payload of exactly 8,000 bytes is sent as a NOTIFY that PostgreSQL refuses.
 */
describe('the socket.io adapter across instances', () => {
  it('carries an event too large for NOTIFY to the other instance, and the sender does not read its own attachments back', async () => {
    const databaseUrl = await createTestDatabase();
    const pools = ['a', 'b'].map(
      (name) =>
        new ListenerPool(
          { connectionString: databaseUrl, max: 4 },
          {
            listenerApplicationName: `test-attach-${name}`,
            probeIntervalMs: 1000,
            probeTimeoutMs: 1000,
            warn: () => undefined,
          },
        ),
    );
    const queries: Record<'a' | 'b', string[]> = { a: [], b: [] };
    (['a', 'b'] as const).forEach((name, i) => {
      const pool = pools[i];
      const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
      (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        if (typeof args[0] === 'string') queries[name].push(args[0]);
        return query(...args);
      };
    });
    const errors: Error[] = [];
    const [sender, receiver] = pools.map((pool) => {
      const server = new Server(createHttpServer());
      server.adapter(createPostgresAdapter(pool, { errorHandler: (err) => errors.push(err) }));
      return server;
    });
    const heard: string[] = [];
    receiver.on('big', (text: string) => heard.push(text));
    try {
      // Wait until both LISTEN connections are up: a small event goes through NOTIFY itself.
      let ready = false;
      receiver.on('hello', () => {
        ready = true;
      });
      for (const deadline = Date.now() + 10_000; !ready && Date.now() < deadline; await sleep(100)) sender.serverSideEmit('hello');
      expect(ready).toBe(true);

      const large = 'x'.repeat(20_000);
      sender.serverSideEmit('big', large);
      // The message as the cluster adapter publishes it, padded to exactly 8,000 bytes of JSON.
      const uid = (sender.of('/').adapter as unknown as { uid: string }).uid;
      const envelope = JSON.stringify({ type: MessageType.SERVER_SIDE_EMIT, data: { packet: ['big', ''] }, uid, nsp: '/' });
      const exact = 'y'.repeat(8000 - Buffer.byteLength(envelope));
      sender.serverSideEmit('big', exact);
      for (const deadline = Date.now() + 10_000; heard.length < 2 && Date.now() < deadline;) await sleep(50);

      expect(heard.map((text) => text.length).sort((x, y) => x - y)).toEqual([exact.length, large.length]);
      expect(errors).toEqual([]);
      const reads = (name: 'a' | 'b') => queries[name].filter((q) => /select payload from/i.test(q)).length;
      expect(queries.a.filter((q) => /insert into socket_io_attachments/i.test(q))).toHaveLength(2);
      expect(reads('b')).toBe(2);
      expect(reads('a')).toBe(0);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await new Promise<void>((resolve) => sender.close(() => resolve()));
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
