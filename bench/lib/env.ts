// Shared setup of the benchmarks: the bench database on the machine's PostgreSQL, servers run as
// child processes (so the load generator does not share their event loop) pinned to their own
// core, their CPU time read from /proc, and small helpers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { signToken } from '../../src/auth/identity.ts';
import { privatePort } from '../../test/helpers/ports.ts';

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

// Pinning (bench/README.md "Pinning"): on a machine with two cores or more, every server under
// measure runs on core 1 and the load generator (this process, autocannon, the subscribers) on
// core 0, so the two do not take turns on one core. BENCH_PIN=0 turns it off.
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
export const pinning = hasTaskset && os.cpus().length >= 2 && process.env.BENCH_PIN !== '0';
export const serverCore = '1';
export const clientCore = '0';

/** Pins this process (every thread of it) to the load generator's core. */
export function pinSelf(): void {
  if (pinning) execFileSync('taskset', ['-a', '-p', '-c', clientCore, String(process.pid)], { stdio: 'ignore' });
}

/** Clock ticks per second of /proc/<pid>/stat. */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time a process has used so far, in milliseconds (every thread, Linux): user, system, and
 * `children`: the user + system time of its children that ended and were waited for.
 */
function cpuTimesOf(pid: number): { user: number; system: number; children: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the fields after the command name, which is in parentheses and may hold spaces
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (field: number) => (Number(fields[field]) * 1000) / clockTicks;
  return { user: ms(11), system: ms(12), children: ms(13) + ms(14) };
}

/** User and system CPU time a process has used so far, in milliseconds each (every thread, Linux). */
export function cpuSplitOf(pid: number): { user: number; system: number } {
  const { user, system } = cpuTimesOf(pid);
  return { user, system };
}

/** User + system CPU time a process has used so far, in milliseconds (every thread, Linux). */
export function cpuMsOf(pid: number): number {
  const { user, system } = cpuSplitOf(pid);
  return user + system;
}

/**
 * User + system CPU time of every PostgreSQL process so far, in milliseconds: over a load phase,
 * the database's share of an operation. A backend that exits (a pool closing a connection, an
 * autovacuum worker) takes its own time out of the live processes' sum; the postmaster, which forks
 * and reaps every one of them, gains it as its children's time (cutime + cstime), so the total
 * counts the time of processes that ended between two readings too.
 */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const { user, system, children } = cpuTimesOf(Number(entry));
      total += user + system + children;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

/**
 * A free TCP port on 127.0.0.1 for a server started on it next (the servers are told theirs, so
 * their output can go to /dev/null). Below the kernel's ephemeral range, as the fault tests' private
 * servers: a port from that range (what listen(0) gives) can be taken, before the server binds it,
 * as the local end of one of the load's many connections.
 */
export function freePort(): Promise<number> {
  return privatePort();
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Where CPU profiles go: BENCH_PROFILE=1 (or run.ts --profile): bench/profiles; BENCH_PROFILE=<dir>: there. */
export function profileDir(): string | null {
  const value = process.env.BENCH_PROFILE;
  if (!value || value === '0') return null;
  const dir = value === '1' || value === 'true' ? path.join(root, 'bench', 'profiles') : path.resolve(value);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** node flags for a server: a CPU profile named after the measure when profiling, BENCH_NODE_ARGS. */
function nodeFlags(profileName: string | undefined): string[] {
  const flags: string[] = [];
  const dir = profileDir();
  // a directory per measure and server: node names each thread's profile (a server run through
  // tsx has a loader thread too); the main thread's is the largest
  if (dir && profileName) flags.push('--cpu-prof', `--cpu-prof-dir=${path.join(dir, profileName)}`);
  // BENCH_NODE_ARGS: more node flags for the servers, e.g. --heapsnapshot-signal=SIGUSR2
  flags.push(...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []));
  return flags;
}

/**
 * Starts a server on a port of its own, pinned to the server core, its output to /dev/null (to
 * stderr with BENCH_VERBOSE=1; its stderr is kept to explain a failed start), and waits until it
 * accepts connections. `args`: node arguments; the port is passed as PORT.
 */
export async function startProcess(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; path?: string; profile?: string } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const nodeArgs = [...nodeFlags(options.profile), ...args];
  const command = pinning ? 'taskset' : process.execPath;
  const commandArgs = pinning ? ['-c', serverCore, process.execPath, ...nodeArgs] : nodeArgs;
  const verbose = !!process.env.BENCH_VERBOSE;
  const child = spawn(command, commandArgs, {
    cwd: options.cwd ?? root,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? os.homedir(), ...env, PORT: String(port) },
    stdio: ['ignore', verbose ? 'pipe' : 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    if (errors.length < 20_000) errors += chunk;
    if (verbose) process.stderr.write(chunk);
  });
  if (verbose) child.stdout!.pipe(process.stderr);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const deadline = Date.now() + 120_000;
  while (!(await accepts(port))) {
    if (exited !== undefined) throw new Error(`${args.join(' ')} exited with ${exited}:\n${errors.slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start:\n${errors.slice(-2000)}`);
    await sleep(50);
  }
  return {
    child,
    url: `http://127.0.0.1:${port}${options.path ?? '/graphql'}`,
    // taskset execs node: the pid is the server's
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/**
 * The Parley checkout under measure: this one, or PARLEY_DIR=<path> (another checkout, e.g. an
 * older commit, measured on the same machine and database). It runs dist/main.js with the node
 * flags of its npm start when built,
 * else src/main.ts through tsx (older checkouts had no build).
 */
export const parleyDir = path.resolve(process.env.PARLEY_DIR ?? root);

/** The node flags of the checkout's `npm start` (e.g. --max-semi-space-size=8): measured as deployed. */
function startFlags(dir: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').split(' ').filter(Boolean);
  const flags = words[0] === 'node' ? words.slice(1).filter((w) => w.startsWith('--')) : [];
  // a flag given again in BENCH_NODE_ARGS (e.g. another --max-semi-space-size) replaces npm start's
  const given = new Set(process.env.BENCH_NODE_ARGS?.split(' ').map((w) => w.split('=')[0]) ?? []);
  return flags.filter((w) => !given.has(w.split('=')[0]));
}

/** How to start the server of the checkout `dir` (default: the one under measure). */
export function parleyEntry(dir = parleyDir): string[] {
  if (fs.existsSync(path.join(dir, 'dist', 'main.js'))) return [...startFlags(dir), 'dist/main.js'];
  return ['--import', 'tsx', 'src/main.ts'];
}

/** Builds this checkout's server (dist/) when it is missing or older than src/. */
export function ensureBuilt(): void {
  if (process.env.PARLEY_DIR) return;
  const dist = path.join(root, 'dist', 'main.js');
  const newest = (dir: string): number =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .reduce((max, e) => Math.max(max, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs), 0);
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newest(path.join(root, 'src'))) return;
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

/**
 * Observability: bare (warnings only, no metrics) or on (a log line per request and Prometheus
 * metrics, as deployed with monitoring). Either way the output goes to /dev/null.
 */
export type Observability = 'bare' | 'observed';

/** Parley in production mode on the bench database. */
export function startParley(
  extra: Record<string, string> = {},
  options: { observability?: Observability; profile?: string; dir?: string } = {},
): Promise<ServerProcess> {
  const observed = options.observability === 'observed';
  const dir = options.dir ?? parleyDir;
  return startProcess(
    parleyEntry(dir),
    {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl(),
      DATABASE_POOL_SIZE: '32',
      AUTH_SECRET: secret,
      API_KEY: apiKey,
      LOG_LEVEL: observed ? 'info' : 'warn',
      METRICS: observed ? 'true' : 'false',
      GRAPHIQL: 'false',
      MAX_SUBSCRIPTIONS_PER_CONNECTION: '1000',
      // the limiter stays on (the production path), with a limit no measure reaches: the
      // measures send far more than a person would
      RATE_LIMIT_MUTATIONS: '1000000',
      RATE_LIMIT_LIGHT_MUTATIONS: '1000000',
      ...extra,
    },
    { cwd: dir, profile: options.profile },
  );
}

/** PostGraphile 4 (bench/postgraphile) on the bench database, as deployed: production, JWT. */
export function startPostGraphile(options: { observability?: Observability; profile?: string } = {}): Promise<ServerProcess> {
  return startProcess(
    ['--import', 'tsx', 'bench/postgraphile/server.ts'],
    {
      NODE_ENV: 'production',
      BENCH_DATABASE: benchDatabase,
      BENCH_ADMIN_URL: adminUrl,
      POSTGRAPHILE_QUERY_LOG: options.observability === 'observed' ? '1' : '0',
    },
    { profile: options.profile ? `${options.profile}-postgraphile` : undefined },
  );
}

/**
 * The send's floor on Parley's stack (bench/yoga-floor-server.ts): graphql-yoga in production mode
 * with one resolver doing the raw INSERT, as `owner`.
 */
export function startYogaFloor(owner: string, options: { profile?: string } = {}): Promise<ServerProcess> {
  return startProcess(
    ['--import', 'tsx', 'bench/yoga-floor-server.ts'],
    { NODE_ENV: 'production', BENCH_DATABASE: benchDatabase, BENCH_ADMIN_URL: adminUrl, FLOOR_OWNER_ID: owner },
    { profile: options.profile ? `${options.profile}-yoga-floor` : undefined },
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

/** `count` public conversations made through the API by the bearer of `authorization`, titled `${title} ${i}`: their ids. */
export async function createPublicConversations(url: string, authorization: string, count: number, title: string): Promise<string[]> {
  const ids: string[] = [];
  for (let c = 0; c < count; c++) {
    const data = (await graphqlRequest(
      url,
      'mutation ($t: String!) { createConversation(input: { type: PUBLIC, title: $t }) { id } }',
      { t: `${title} ${c}` },
      { authorization },
    )) as { createConversation: { id: string } };
    ids.push(data.createConversation.id);
  }
  return ids;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
