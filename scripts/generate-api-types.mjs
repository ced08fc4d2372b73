// `npm run api:types`: the web client's types of the API (client/src/api/generated/openapi.d.ts) from
// the OpenAPI document of the built server, made without a database (dist/src/cli/api-document.js).
// `--stdin`: reads a document as JSON and prints its types instead (test/openapi-types.e2e-spec.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

const root = new URL('..', import.meta.url).pathname;
const TYPES_FILE = 'client/src/api/generated/openapi.d.ts';
const HEADER = COMMENT_HEADER.replace(' */', ' * Regenerate with `npm run api:types` after changing a controller or a DTO.\n */');

async function render(document) {
  return HEADER + astToString(await openapiTS(document, { alphabetize: true }));
}

if (process.argv[2] === '--stdin') {
  // Read as a stream: a synchronous read of a pipe fails with EAGAIN when the writer is not done yet.
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  process.stdout.write(await render(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
} else {
  const { createOfflineApiDocument } = createRequire(import.meta.url)(join(root, 'dist/src/cli/api-document.js'));
  const file = join(root, TYPES_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await render(await createOfflineApiDocument()));
  console.log(`wrote ${TYPES_FILE}`);
}
