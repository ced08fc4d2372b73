import { Pool, PoolClient, PoolConfig } from 'pg';

export interface ListenerPoolOptions {
  /** application_name of the LISTEN connection, so operators (and tests) can find it in pg_stat_activity. */
  listenerApplicationName: string;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  warn: (message: string, err?: unknown) => void;
}

type ConnectCallback = Parameters<Pool['connect']>[0];

/** A no-op on an already listening connection, so the probe leaves the adapter's subscriptions as they are. */
const PROBE = 'LISTEN onewindow_liveness';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The pg Pool handed to @socket.io/postgres-adapter (checked against 0.5.0 and its upstream
 * lib/util.ts). The adapter takes its LISTEN client with `pool.connect()` and takes a new one when
 * that client emits 'end', but:
 * - it attaches no 'error' listener, and pg-pool removes its own while a client is checked out, so a
 *   terminated backend (pg_terminate_backend, a failover) raises an unhandled 'error' that kills the
 *   process;
 * - it never releases the dead client, so every drop leaks one pool slot until connect() hangs;
 * - a connection that dies silently (no FIN, e.g. a NAT timeout) never emits 'end' at all.
 * This pool watches the LISTEN client: errors are caught, the dead client is released with its
 * error (so the pool discards it), and a periodic probe destroys a connection that stops
 * answering, which makes it emit 'end' and the adapter re-LISTEN on a fresh one.
 */
export class ListenerPool extends Pool {
  /** Called once a replacement LISTEN connection answers: notifications sent in the gap are lost. */
  onRestored: () => void = () => undefined;

  private listener?: PoolClient;
  private awaitingRestore?: PoolClient;
  private lostBefore = false;
  private probing = false;
  private readonly released = new WeakSet<PoolClient>();
  private readonly probeTimer: NodeJS.Timeout;

  constructor(
    config: PoolConfig,
    private readonly watch: ListenerPoolOptions,
  ) {
    // A query on a connection that died silently never settles and would hold its pool slot for ever;
    // timed out, pg-pool discards the connection.
    super({ query_timeout: 10_000, ...config });
    // Idle clients report a dropped backend on the pool; unheard, that 'error' would crash the process too.
    this.on('error', (err) => watch.warn('idle realtime connection failed', err));
    // The adapter releases its client itself on close; releasing it again would throw.
    this.on('release', (_err, client) => this.released.add(client));
    this.probeTimer = setInterval(() => void this.probe(), watch.probeIntervalMs);
    this.probeTimer.unref();
  }

  override connect(): Promise<PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<PoolClient> | void {
    // pg-pool's query() borrows through the callback form; only the adapter's LISTEN client comes through here.
    if (callback) return super.connect(callback);
    return this.connectListener();
  }

  /**
   * An idle pooled connection may have died as silently as the listener it replaces (same path, same
   * NAT): adopt() finds it out and discards it, and the next one is tried at once instead of after
   * the adapter's 1–3 s reconnection delay. A refused connect() (the database is down) still goes
   * back to the adapter, which retries later.
   */
  private async connectListener(): Promise<PoolClient> {
    const attempts = (this.options.max ?? 10) + 1;
    for (let attempt = 1; ; attempt++) {
      const client = await super.connect();
      try {
        return await this.adopt(client);
      } catch (err) {
        if (attempt >= attempts) throw err;
      }
    }
  }

  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | void {
    clearInterval(this.probeTimer);
    this.listener = undefined;
    if (callback) return super.end(callback);
    return super.end();
  }

  private async adopt(client: PoolClient): Promise<PoolClient> {
    this.released.delete(client);
    client.on('error', (err) => this.drop(client, err));
    client.once('end', () => this.drop(client, new Error('LISTEN connection ended')));
    try {
      // Also the first probe: an idle pooled connection may have died silently as well.
      await withTimeout(
        client.query(`select set_config('application_name', $1, false)`, [this.watch.listenerApplicationName]),
        this.watch.probeTimeoutMs,
      );
    } catch (err) {
      this.drop(client, err as Error);
      client.connection.stream.destroy();
      throw err;
    }
    this.listener = client;
    if (this.lostBefore) {
      this.awaitingRestore = client;
      // After the adapter's own LISTEN queries, which it queues as soon as this promise resolves.
      setImmediate(() => void this.probe());
    }
    return client;
  }

  private drop(client: PoolClient, err: Error): void {
    if (this.listener === client) {
      this.listener = undefined;
      this.lostBefore = true;
      this.watch.warn('realtime LISTEN connection lost; the adapter re-opens it', err);
    }
    if (this.released.has(client)) return;
    this.released.add(client);
    client.release(err);
  }

  private async probe(): Promise<void> {
    const client = this.listener;
    if (!client || this.probing) return;
    this.probing = true;
    try {
      await withTimeout(client.query(PROBE), this.watch.probeTimeoutMs);
      if (this.awaitingRestore === client) {
        this.awaitingRestore = undefined;
        this.onRestored();
      }
    } catch (err) {
      if (this.listener === client) {
        this.watch.warn('realtime LISTEN connection does not answer; closing it', err);
        client.connection.stream.destroy();
      }
    } finally {
      this.probing = false;
    }
  }
}
