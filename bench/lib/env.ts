// Shared setup of the benchmarks: the bench database on the machine's PostgreSQL, servers run as
// child processes (so the load generator does not share their event loop), and small helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { signToken } from '../../src/auth/identity.ts';

export const root = path.resolve(import.meta.dirname, '../..');
export const adminUrl = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const benchDatabase = process.env.BENCH_DATABASE ?? 'parley_bench';
export const secret = 'bench-secret-bench-secret-bench-secret-0';
export const apiKey = 'bench-api-key-0000000000';

export function databaseUrl(name = benchDatabase): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function withAdmin<T>(work: (client: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function token(userId: string): Promise<string> {
  return signToken(secret, userId, { expiresIn: '1d' });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a process and waits for a line that tells its URL. */
export async function startProcess(args: string[], env: Record<string, string>, ready: RegExp): Promise<ServerProcess> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? os.homedir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = ready.exec(output);
      if (!match) return;
      // stop collecting: the servers log every request from here on
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${output.slice(-2000)}`)), 120_000).unref();
  });
  // BENCH_VERBOSE=1 shows the servers' own output
  if (process.env.BENCH_VERBOSE) {
    child.stdout!.pipe(process.stderr);
    child.stderr!.pipe(process.stderr);
  } else {
    child.stdout!.resume();
    child.stderr!.resume();
  }
  return {
    child,
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** Parley in production mode on the bench database. */
export function startParley(extra: Record<string, string> = {}): Promise<ServerProcess> {
  // BENCH_PROFILE=dir writes a CPU profile of the server (node --cpu-prof) into dir
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_ARGS: more node flags for the server, e.g. --heapsnapshot-signal=SIGUSR2
  profile.push(...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []));
  return startProcess(
    [...profile, 'dist/main.js'],
    {
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl(),
      DATABASE_POOL_SIZE: '32',
      AUTH_SECRET: secret,
      API_KEY: apiKey,
      LOG_LEVEL: 'info',
      GRAPHIQL: 'false',
      MAX_SUBSCRIPTIONS_PER_CONNECTION: '1000',
      // the measures send far more than a person would: the per-user mutation limit is off
      RATE_LIMIT_MUTATIONS: '0',
      ...extra,
    },
    /at (http:\/\/\S+\/graphql)/,
  );
}

/** Resident memory of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb * 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function graphqlRequest(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
