// PostGraphile 4 lives in its own package (bench/postgraphile): it needs graphql 15, Parley graphql 16,
// and two copies of graphql in one tree break both. Installed from its lockfile on first use.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { root } from './env.ts';

export function installPeer(): void {
  const dir = path.join(root, 'bench', 'postgraphile');
  if (fs.existsSync(path.join(dir, 'node_modules', 'postgraphile'))) return;
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
}
