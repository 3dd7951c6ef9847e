// Runs `npm run build` when dist/ is missing or older than what it is built from, so
// `npm install && npm start` works on a fresh clone and a changed source is never served stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'dist/main.js');

function newest(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const child of fs.readdirSync(entry)) {
    if (child === 'generated') continue;
    latest = Math.max(latest, newest(path.join(entry, child)));
  }
  return latest;
}

const sources = Math.max(
  newest(path.join(root, 'src')),
  newest(path.join(root, 'prisma/schema.prisma')),
  newest(path.join(root, 'package-lock.json')),
  newest(path.join(root, 'tsconfig.build.json')),
);
const output = fs.statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (output < sources) {
  console.error(output ? 'Sources changed since the last build: building.' : 'No build yet: building.');
  // the build's output goes to stderr: `npm run -s token` prints only the token on stdout
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  process.exit(result.status ?? 1);
}
