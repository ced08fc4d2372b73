import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';
import { ListenerPool } from './listener-pool';
import { createPostgresAdapter } from './postgres-pubsub';
import type { RealtimeServer } from './realtime.service';

export const REALTIME_APPLICATION_NAME = 'onewindow-realtime';
export const REALTIME_LISTENER_APPLICATION_NAME = 'onewindow-realtime-listen';

export interface PostgresIoAdapterOptions {
  databaseUrl: string;
  /** Liveness probe of the LISTEN connection. */
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
}

/**
 * socket.io across server instances through @socket.io/postgres-adapter (LISTEN/NOTIFY on the
 * application's own PostgreSQL), on a small pool of its own so that realtime traffic never waits
 * for, nor holds, a connection the request handlers need.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly logger = new Logger('Realtime');
  private readonly pool: ListenerPool;

  constructor(app: INestApplicationContext, options: PostgresIoAdapterOptions) {
    super(app);
    this.pool = new ListenerPool(
      { connectionString: options.databaseUrl, max: 4, application_name: REALTIME_APPLICATION_NAME, connectionTimeoutMillis: 5000 },
      {
        listenerApplicationName: REALTIME_LISTENER_APPLICATION_NAME,
        probeIntervalMs: options.probeIntervalMs ?? 2000,
        probeTimeoutMs: options.probeTimeoutMs ?? 2000,
        warn: (message, err) => this.logger.warn({ msg: message, error: (err as Error | undefined)?.message }),
      },
    );
  }

  override createIOServer(port: number, options?: ServerOptions): RealtimeServer {
    const server = super.createIOServer(port, options) as RealtimeServer;
    server.adapter(
      createPostgresAdapter(this.pool, {
        errorHandler: (err) => this.logger.warn({ msg: 'realtime adapter error', error: err.message }),
      }),
    );
    this.pool.onRestored = () => {
      this.logger.log({ msg: 'realtime LISTEN connection restored; local screens resync' });
      server.local.emit('sync.required', { reason: 'cross-instance connection restored' });
    };
    return server;
  }

  override async dispose(): Promise<void> {
    await this.pool.end();
  }
}
