import { join } from 'node:path';
import { ensureClientBuilt } from '../../scripts/build-freshness.cjs';
import { createTestApp, TestApp, TestAppOptions } from './test-app';

const root = join(__dirname, '..', '..');

/**
 * The real server on a free port of 127.0.0.1 serving the web client from client/dist, which is
 * built first when its sources are newer (as `npm start` does), so a browser test never runs
 * against a stale build.
 */
export async function startTestServer(opts: Omit<TestAppOptions, 'listen'> = {}): Promise<TestApp> {
  ensureClientBuilt(root);
  return createTestApp({ ...opts, listen: true, env: { ...opts.env, CLIENT_DIST_DIR: join(root, 'client', 'dist') } });
}
