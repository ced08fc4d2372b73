import { resolve } from 'node:path';
import { loadConfig } from '../config/app-config';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../database/embedded-postgres';

/**
 * The database a command works on: DATABASE_URL, or the embedded one `npm start` uses (reused if
 * the app is running, started for the command otherwise and stopped by `release`).
 */
export async function cliDatabase(): Promise<{ url: string; release(): Promise<void> }> {
  const config = loadConfig();
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, release: async () => undefined };
  const embedded: EmbeddedPostgresHandle = await startEmbeddedPostgres({
    dir: resolve(process.env.EMBEDDED_PG_DIR ?? '.data/postgres'),
    persistent: true,
    preferredPort: 54329,
  });
  return {
    url: embedded.url,
    release: async () => {
      if (embedded.owned) await embedded.stop();
    },
  };
}

/** Runs a command's main, printing its failure (without a stack for the expected ones) and setting the exit code. */
export function runCli(name: string, main: () => Promise<void>): void {
  main().catch((err: Error) => {
    process.stderr.write(`${name}: ${err.name === 'CliError' ? err.message : (err.stack ?? err)}\n`);
    // exit() rather than exitCode: the embedded server's library leaves the code at 0 on its way out.
    process.exit(1);
  });
}

/** A refusal the operator can act on: printed as is. */
export class CliError extends Error {
  override name = 'CliError';
}
