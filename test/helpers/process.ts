// Parley as a real process (src/main.ts), for the tests of start-up, shutdown, several instances
// and faults: its output is collected, and every one started is killed when the file ends.
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

/** Starts `node --import tsx src/main.ts` with PATH, HOME and `env` only. */
export function spawnParley(env: Record<string, string>): ParleyProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
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
