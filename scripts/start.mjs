// `npm start`: build what is missing or out of date, then run the server in this process.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import freshness from './build-freshness.cjs';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

freshness.ensureServerBuilt(root, (message) => console.log(`[start] ${message}`));
freshness.ensureClientBuilt(root, (message) => console.log(`[start] ${message}`));

require(join(root, 'dist/src/main.js'));
