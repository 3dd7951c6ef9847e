// Parley as a real process, started exactly as `npm start` starts it (the build in dist/, which
// `npm test` makes first), for the tests of start-up, shutdown, several instances and faults: its
// output is collected, and every one started is killed when the file ends.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { until } from './ws.ts';

const root = path.resolve(import.meta.dirname, '../..');
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ParleyProcess {
  child: ChildProcess;
  /** resolves with the exit code */
  exited: Promise<number | null>;
  output(): string;
  /** waits for the server to say where it serves; fails with its output if it exits first */
  url(timeoutMs?: number): Promise<string>;
}

/** The command of package.json's `start` script (`node <flags> dist/main.js`). */
export const startCommand = (
  JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter(Boolean);

/** Starts Parley as `npm start` runs it, with PATH, HOME and `env` only. */
export function spawnParley(env: Record<string, string>): ParleyProcess {
  const [command, ...args] = startCommand;
  if (command !== 'node') throw new Error(`npm start runs ${command}, not node: spawnParley needs to follow it`);
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );
  void exited.then(() => running.delete(child));
  const served = /at (http:\/\/\S+\/graphql)/;
  return {
    child,
    exited,
    output: () => output,
    async url(timeoutMs = 60_000) {
      await until(() => served.test(output) || child.exitCode !== null, timeoutMs, 'Parley to start');
      const match = served.exec(output);
      if (!match) throw new Error(`Parley did not start:\n${output}`);
      return match[1]!;
    },
  };
}
