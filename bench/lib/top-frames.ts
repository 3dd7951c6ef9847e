// npx tsx bench/lib/top-frames.ts <file.cpuprofile> [count] [--by-package]
// The top self-time frames of a V8 CPU profile (node --cpu-prof, BENCH_PROFILE=1): each function
// (name, file:line) with the share of samples spent in it, not in what it called. "(idle)" is
// time waiting, "(garbage collector)" V8's collector, "(program)" native code outside JavaScript.
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface Frame {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

function shortUrl(url: string): string {
  if (!url) return '';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules !== -1) return file.slice(modules + 'node_modules/'.length);
  const own = Math.max(file.lastIndexOf('/src/'), file.lastIndexOf('/dist/'), file.lastIndexOf('/bench/'));
  if (own !== -1) return file.slice(own + 1);
  return file.startsWith('node:') || !file.includes('/') ? `node:${file.replace(/^node:/, '')}` : path.basename(file);
}

/** Self time per function, largest first. `busyOnly`: shares of the time not idle. */
export function topFrames(profile: Profile, count = 15, busyOnly = true): Frame[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  } else {
    const interval =
      (profile.endTime - profile.startTime) /
      Math.max(
        1,
        profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0),
      );
    for (const n of profile.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * interval);
  }
  const frames = new Map<string, Frame>();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id)!;
    const name = callFrame.functionName || '(anonymous)';
    const where = callFrame.url ? `${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const frame = frames.get(key) ?? { name, where, selfMs: 0, share: 0 };
    frame.selfMs += us / 1000;
    frames.set(key, frame);
  }
  const all = [...frames.values()];
  const total = all.filter((f) => !busyOnly || f.name !== '(idle)').reduce((s, f) => s + f.selfMs, 0);
  for (const f of all) f.share = f.selfMs / total;
  return all
    .filter((f) => !busyOnly || f.name !== '(idle)')
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, count);
}

/** Self time by package (node_modules/<name>), Parley's own code (src/, dist/), Node.js, V8. */
export function byPackage(profile: Profile): Frame[] {
  const groups = new Map<string, Frame>();
  for (const f of topFrames(profile, Number.POSITIVE_INFINITY)) {
    let name: string;
    if (f.name.startsWith('(')) name = f.name;
    else if (!f.where) name = '(native: Node.js / V8 builtins)';
    else if (f.where.startsWith('node:')) name = 'Node.js (node:*)';
    else if (f.where.startsWith('src/') || f.where.startsWith('dist/')) name = 'Parley (src/)';
    else if (f.where.startsWith('bench/')) name = 'bench/';
    else {
      const parts = f.where.split('/');
      name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    }
    const group = groups.get(name) ?? { name, where: '', selfMs: 0, share: 0 };
    group.selfMs += f.selfMs;
    group.share += f.share;
    groups.set(name, group);
  }
  return [...groups.values()].sort((a, b) => b.selfMs - a.selfMs);
}

export function formatFrames(frames: Frame[]): string {
  return frames
    .map(
      (f, i) =>
        `${String(i + 1).padStart(2)}. ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where}`,
    )
    .join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const packages = args.includes('--by-package');
  const [file, count] = args.filter((a) => a !== '--by-package');
  if (!file) {
    console.error('usage: tsx bench/lib/top-frames.ts <file.cpuprofile> [count] [--by-package]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  console.log(`${path.basename(file)} (shares of the busy time, idle left out)`);
  console.log(formatFrames(topFrames(profile, Number(count ?? 15))));
  if (packages) {
    console.log('\nby package:');
    console.log(formatFrames(byPackage(profile).slice(0, Number(count ?? 15))));
  }
}
