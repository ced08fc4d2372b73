import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createOfflineApiDocument } from '../src/cli/api-document';

const TYPES_FILE = 'client/src/api/generated/openapi.d.ts';

describe('The client types of the API', () => {
  it(`are those of the current OpenAPI document (${TYPES_FILE})`, async () => {
    const document = await createOfflineApiDocument();
    // openapi-typescript is an ES module Jest cannot load: its own script renders the types.
    const fresh = execFileSync(process.execPath, [resolve(__dirname, '../scripts/generate-api-types.mjs'), '--stdin'], {
      input: JSON.stringify(document),
      encoding: 'utf8',
    });
    const checkedIn = readFileSync(resolve(__dirname, '..', TYPES_FILE), 'utf8');
    if (checkedIn !== fresh) throw new Error(`${TYPES_FILE} is stale: run \`npm run api:types\` and commit the result`);
  });
});
