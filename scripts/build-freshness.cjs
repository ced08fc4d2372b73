// What `npm start` builds and when: shared by scripts/start.mjs, the browser tests
// (test/support/test-server.ts), the tests that run the server as a child process and the
// benchmarks; CommonJS so that jest's module loader can require it too.
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } = require('node:fs');
const { join } = require('node:path');

const LOCK_STALE_MS = 10 * 60 * 1000;

/** The newest modification time of a file or anything in a folder (skipping builds and dependencies). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when client/dist is missing or older than anything that goes into it. */
function clientIsStale(root) {
  const client = join(root, 'client');
  const built = join(client, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(...['index.html', 'src', 'public', 'vite.config.mts'].map((p) => newestMtime(join(client, p))));
  return statSync(built).mtimeMs < sources;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** True when dist/src/main.js is missing or older than the server's sources. */
function serverIsStale(root) {
  const entry = join(root, 'dist', 'src', 'main.js');
  if (!existsSync(entry)) return true;
  const sources = Math.max(...['src', 'migrations', 'seeds'].map((d) => newestMtime(join(root, d))));
  return statSync(entry).mtimeMs < sources;
}

/**
 * Runs `build` when `isStale` says so. Parallel callers (two jest workers, `npm start` beside a
 * test run) take turns on a lock directory, so one builds and the others find it fresh.
 */
function buildUnderLock(root, name, isStale, build) {
  if (!isStale()) return;
  const lock = join(root, 'node_modules', '.cache', `onewindow-${name}-build.lock`);
  mkdirSync(join(lock, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A build that crashed leaves its lock behind; no build takes this long.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    if (isStale()) build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the client if it is stale. Returns false when there is no client in this checkout. */
function ensureClientBuilt(root, log = () => undefined) {
  if (!existsSync(join(root, 'client', 'index.html'))) return false;
  buildUnderLock(
    root,
    'client',
    () => clientIsStale(root),
    () => {
      log('building the web client…');
      // jest sets NODE_ENV=test, which would make Vite build React's and antd's development bundles.
      const env = { ...process.env, NODE_ENV: 'production' };
      execFileSync('npm', ['run', '--silent', 'build:client'], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
    },
  );
  return true;
}

/** Builds the server (dist/) if it is stale, for whoever runs `node dist/src/main.js` directly. */
function ensureServerBuilt(root, log = () => undefined) {
  buildUnderLock(
    root,
    'server',
    () => serverIsStale(root),
    () => {
      log('building the server…');
      execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
      // An incremental build rewrites only what changed, so main.js itself may keep its old time.
      const now = new Date();
      utimesSync(join(root, 'dist', 'src', 'main.js'), now, now);
    },
  );
}

module.exports = { newestMtime, clientIsStale, ensureClientBuilt, serverIsStale, ensureServerBuilt };
