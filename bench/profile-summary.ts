// Where a V8 CPU profile (node --cpu-prof) spent its time: self time per function and per package or
// source folder, and time inside the project's own functions (their callees included), highest first.
// `node dist-bench/bench/profile-summary.js <file.cpuprofile> [rows] [last seconds]`: with the last
// argument only the samples of the profile's last seconds count (a load that ran just before the stop).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  endTime: number;
}

/** node_modules/<package> or the project folder (dist/src/queue, …), so that time adds up by owner. */
function ownerOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  const own = /\/dist\/(src\/[^/]+|seeds|migrations)/.exec(url);
  return own ? own[1] : url;
}

function frameKey(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

const IDLE = new Set(['(idle)', '(program)']);

export function summarise(file: string, rows = 25, lastSeconds = 0): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // A sample's time is the delta that follows it; the timestamps count back from the end.
  const since = lastSeconds ? profile.endTime - lastSeconds * 1e6 : -Infinity;
  let t = profile.endTime;
  const self = new Map<number, number>();
  for (let i = profile.samples.length - 1; i >= 0; i--) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    t -= us;
    if (t < since) break;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + us);
  }
  let total = 0;
  let idle = 0;
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  const inOwn = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    if (IDLE.has(node.callFrame.functionName)) {
      idle += us;
      continue;
    }
    total += us;
    add(byFunction, frameKey(node), us);
    add(byOwner, ownerOf(node), us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      if (!/\/dist\/src\//.test(n.callFrame.url)) continue;
      const k = frameKey(n);
      if (!seen.has(k)) add(inOwn, k, us);
      seen.add(k);
    }
  }
  const table = (title: string, m: Map<string, number>) => {
    const lines = [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
    return [`${title} (of ${(total / 1000).toFixed(0)} ms busy)`, ...lines].join('\n');
  };
  return [
    `busy ${(total / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms${lastSeconds ? ` (the last ${lastSeconds.toFixed(1)} s)` : ''}`,
    table('self time by package or folder', byOwner),
    table('self time by function', byFunction),
    table("time inside the project's own functions, callees included", inOwn),
    '',
  ].join('\n\n');
}

if (require.main === module) {
  const [file, rowsArg, lastArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [rows] [last seconds]');
  process.stdout.write(summarise(file, Number(rowsArg ?? 25), Number(lastArg ?? 0)));
}
