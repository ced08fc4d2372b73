import { encode } from '@msgpack/msgpack';
import { PostgresAdapter, PostgresAdapterOptions } from '@socket.io/postgres-adapter';
import { PubSubClient } from '@socket.io/postgres-adapter/dist/util';
import type { Pool } from 'pg';
import type { Namespace } from 'socket.io';
import type { ClusterAdapterOptions, ClusterMessage, ClusterResponse } from 'socket.io-adapter';

const DEFAULTS: Required<PostgresAdapterOptions> = {
  channelPrefix: 'socket.io',
  tableName: 'socket_io_attachments',
  // PostgreSQL takes a NOTIFY payload "shorter than 8000 bytes"; the package sends exactly 8,000 as a
  // NOTIFY (which fails) because it compares with `>`.
  payloadThreshold: 7999,
  cleanupInterval: 30_000,
  errorHandler: () => undefined,
};

type Message = ClusterMessage | ClusterResponse;

/**
 * The package's `createAdapter` with one fix. @socket.io/postgres-adapter 0.5.0 (and its upstream
 * lib/util.ts) announces an attachment with `{uid, type, attachmentId}` but no `nsp`, while its
 * own-message check looks the namespace up by `nsp`: every instance, the sender too, then reads each
 * attachment back from the table and decodes it, only for the adapter to drop it as its own. Here the
 * notice carries the namespace, so the sender skips it before the read.
 */
export function createPostgresAdapter(
  pool: Pool,
  opts: PostgresAdapterOptions & ClusterAdapterOptions = {},
): (nsp: Namespace) => PostgresAdapter {
  const options: Required<PostgresAdapterOptions> = { ...DEFAULTS, ...opts };
  const adapters = new Map<string, PostgresAdapter>();
  const uidOf = (adapter: PostgresAdapter | undefined) => (adapter as unknown as { uid?: string } | undefined)?.uid;
  const client = new PubSubClient(
    pool,
    options,
    (message) => uidOf(adapters.get(message.nsp)) === message.uid,
    (message) => adapters.get(message.nsp)?.onMessage(message),
  );
  // The package's method is private in its typings; an own property of the instance takes its place.
  (client as unknown as { publishWithAttachment: (message: Message) => Promise<void> }).publishWithAttachment = async (message) => {
    const { rows } = await pool.query<{ id: string }>(`insert into ${options.tableName} (payload) values ($1) returning id`, [
      encode(message),
    ]);
    const header = JSON.stringify({ uid: message.uid, nsp: message.nsp, type: message.type, attachmentId: rows[0].id });
    await pool.query('select pg_notify($1, $2)', [`${options.channelPrefix}#${message.nsp}`, header]);
  };
  // socket.io calls it with `new`: a function (not an arrow), whose returned object `new` yields.
  return function postgresAdapter(nsp: Namespace) {
    const adapter = new PostgresAdapter(nsp, opts, client);
    adapters.set(nsp.name, adapter);
    client.addNamespace(nsp.name);
    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      adapters.delete(nsp.name);
      if (adapters.size === 0) client.close();
      return close();
    };
    return adapter;
  };
}
