/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, self time
 * per package, and the functions with the most inclusive time (themselves and what they call), so
 * a hot path's cost can be attributed without a GUI. Shares are of the busy time (idle left out).
 * `--last S` keeps only the last S seconds of samples: the measured rounds without boot and warm-up.
 * Usage: ts-node bench/tools/profile-top.ts <file.cpuprofile> [top=30] [--last S]
 */
import { readFileSync } from 'node:fs';
import { numberFlag } from '../lib/flags';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const argv = process.argv.slice(2);
const lastS = numberFlag(argv, 'last', Infinity);
const [file, topArg] = argv.filter((arg, i) => arg !== '--last' && argv[i - 1] !== '--last');
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [top] [--last S]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Sample times from the deltas; the window counts back from the last sample.
const at: number[] = [];
profile.timeDeltas.reduce((t, d, i) => (at[i] = t + d), 0);
const since = at[at.length - 1] - lastS * 1e6;
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (at[i] >= since) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

function where(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  if (url === '') return '(native/gc/idle)';
  return url.includes('/dist/') ? `app:${url.slice(url.indexOf('/dist/') + 6)}` : url;
}

function nameOf(id: number): string | undefined {
  const frame = byId.get(id)?.callFrame;
  return frame && `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`;
}

const functions = new Map<string, number>();
const packages = new Map<string, number>();
const inclusive = new Map<string, number>();
let busy = 0;
for (const [id, us] of selfUs) {
  const frame = byId.get(id)?.callFrame;
  const name = nameOf(id);
  if (!frame || !name || frame.functionName === '(idle)') continue;
  busy += us;
  functions.set(name, (functions.get(name) ?? 0) + us);
  const pkg = where(frame.url).replace(/^app:.*/, 'app code');
  packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  // Each function on the stack once, however often it recurses.
  const onStack = new Set<string>();
  for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
    const caller = nameOf(node);
    if (caller) onStack.add(caller);
  }
  for (const caller of onStack) inclusive.set(caller, (inclusive.get(caller) ?? 0) + us);
}
const show = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title} (busy ${(busy / 1e6).toFixed(2)} s sampled)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
};
show('self time by package', packages);
show('self time by function', functions);
show('inclusive time by function', inclusive);
