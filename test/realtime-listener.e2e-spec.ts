import { createAdapter } from '@socket.io/postgres-adapter';
import { createServer as createHttpServer } from 'node:http';
import { createServer, Server as NetServer, Socket as NetSocket, connect } from 'node:net';
import { Server } from 'socket.io';
import { ListenerPool } from '../src/realtime/listener-pool';
import { createTestDatabase } from './support/test-database';
import { sleep } from './support/queue-helpers';

/** Forwards TCP to PostgreSQL; freeze() stops forwarding on the open connections without closing them, like a dead NAT entry. */
class FreezableProxy {
  private readonly server: NetServer;
  private readonly pairs: [NetSocket, NetSocket][] = [];
  port = 0;

  constructor(target: { host: string; port: number }) {
    this.server = createServer((downstream) => {
      const upstream = connect(target.port, target.host);
      downstream.pipe(upstream);
      upstream.pipe(downstream);
      const close = () => {
        downstream.destroy();
        upstream.destroy();
      };
      downstream.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      this.pairs.push([downstream, upstream]);
    });
  }

  listen(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as { port: number }).port;
        resolve();
      }),
    );
  }

  freeze(): void {
    for (const [down, up] of [...this.pairs]) {
      down.unpipe(up);
      up.unpipe(down);
      down.pause();
      up.pause();
    }
  }

  close(): Promise<void> {
    for (const [down, up] of this.pairs) {
      down.destroy();
      up.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('the realtime LISTEN connection', () => {
  it('is closed and re-opened when it stops answering without being closed', async () => {
    const databaseUrl = await createTestDatabase();
    const url = new URL(databaseUrl);
    const proxy = new FreezableProxy({ host: url.hostname, port: Number(url.port) });
    await proxy.listen();
    const viaProxy = new URL(databaseUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);

    const warnings: string[] = [];
    let restored = 0;
    const listening = new ListenerPool(
      { connectionString: viaProxy.toString(), max: 4 },
      {
        listenerApplicationName: 'test-listen',
        probeIntervalMs: 200,
        probeTimeoutMs: 300,
        warn: (m) => warnings.push(m),
      },
    );
    listening.onRestored = () => restored++;
    const sending = new ListenerPool(
      { connectionString: databaseUrl, max: 2 },
      {
        listenerApplicationName: 'test-send',
        probeIntervalMs: 1000,
        probeTimeoutMs: 1000,
        warn: () => undefined,
      },
    );
    const receiver = new Server(createHttpServer());
    const sender = new Server(createHttpServer());
    receiver.adapter(createAdapter(listening));
    sender.adapter(createAdapter(sending));
    const heard: number[] = [];
    receiver.on('ping', (n: number) => heard.push(n));

    try {
      let n = 0;
      const heardWithin = async (ms: number) => {
        const before = heard.length;
        for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
          sender.serverSideEmit('ping', ++n);
          if (heard.length > before) return true;
        }
        return false;
      };
      expect(await heardWithin(5000)).toBe(true);
      proxy.freeze();
      const frozenAt = Date.now();
      for (const deadline = Date.now() + 5000; !warnings.some((w) => w.includes('does not answer')) && Date.now() < deadline;)
        await sleep(50);
      expect(warnings).toContain('realtime LISTEN connection does not answer; closing it');

      expect(await heardWithin(6000)).toBe(true);
      process.stdout.write(
        `[realtime-listener] a silently dead LISTEN connection was replaced; events arrive again ${Date.now() - frozenAt} ms after the freeze\n`,
      );
      for (const deadline = Date.now() + 3000; restored === 0 && Date.now() < deadline;) await sleep(50);
      expect(restored).toBe(1);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
      await new Promise<void>((resolve) => sender.close(() => resolve()));
      // The proxy first: a pooled connection still frozen behind it would hold the pool's end() for ever.
      await proxy.close();
      await listening.end();
      await sending.end();
    }
  });
});
