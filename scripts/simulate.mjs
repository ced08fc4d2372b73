// `npm run simulate -- <options>`: drive a hall that is already running (see --help).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import freshness from './build-freshness.cjs';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

freshness.ensureServerBuilt(root, (message) => console.log(`[simulate] ${message}`));
const { main } = require(join(root, 'dist/src/simulation/simulate-cli.js'));
process.exitCode = await main(process.argv.slice(2));
