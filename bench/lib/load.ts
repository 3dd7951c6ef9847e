// Load windows that count only good answers and the CPU the server spent on them, and the
// alternation of the sides of a comparison (at least five rounds, the side that goes first
// changing each round), reported as median and spread.
import autocannon from 'autocannon';
import { cpuMsOf, percentile, postgresCpuMs } from './env.ts';

/** One window of load against one side. */
export interface WindowResult {
  /** good answers per second */
  perSecond: number;
  good: number;
  bad: number;
  p50: number;
  p99: number;
  /** the server's user + system CPU per good answer, ms */
  cpuMsPerOp: number;
  /** PostgreSQL's user + system CPU (all its processes) per good answer, ms */
  dbCpuMsPerOp: number;
  seconds: number;
}

export interface Side {
  label: string;
  /** the process whose CPU is measured: a server's pid, or 'self' (the load generator, for raw sides) */
  pid: number | 'self';
  /** load for `seconds`; good and bad answers and latencies (ms) */
  run(seconds: number): Promise<{ good: number; bad: number; p50: number; p99: number; sample?: string }>;
}

export interface SideSummary {
  label: string;
  windows: WindowResult[];
  perSecond: number;
  min: number;
  max: number;
  cpuMsPerOp: number;
  dbCpuMsPerOp: number;
  p50: number;
  p99: number;
  bad: number;
  /** a bad answer, to show what went wrong */
  sample?: string;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const selfCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export async function measureWindow(side: Side, seconds: number): Promise<WindowResult & { sample?: string }> {
  const cpu = () => (side.pid === 'self' ? selfCpuMs() : cpuMsOf(side.pid));
  const cpuBefore = cpu();
  const dbBefore = postgresCpuMs();
  const started = performance.now();
  const result = await side.run(seconds);
  const elapsed = (performance.now() - started) / 1000;
  const cpuMs = cpu() - cpuBefore;
  const dbMs = postgresCpuMs() - dbBefore;
  return {
    perSecond: result.good / elapsed,
    good: result.good,
    bad: result.bad,
    p50: result.p50,
    p99: result.p99,
    cpuMsPerOp: result.good ? cpuMs / result.good : Number.NaN,
    dbCpuMsPerOp: result.good ? dbMs / result.good : Number.NaN,
    seconds: elapsed,
    sample: result.sample,
  };
}

/**
 * Runs every side `rounds` times for `seconds` each, after a warm-up window each; the order
 * reverses every round, so no side always runs first or on the heels of the same other.
 */
export async function alternate(sides: Side[], options: { rounds: number; seconds: number; warmup?: number }): Promise<SideSummary[]> {
  for (const side of sides) await side.run(options.warmup ?? 2);
  const windows = new Map<Side, (WindowResult & { sample?: string })[]>(sides.map((s) => [s, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) windows.get(side)!.push(await measureWindow(side, options.seconds));
  }
  return sides.map((side) => summarise(side.label, windows.get(side)!));
}

export function summarise(label: string, windows: (WindowResult & { sample?: string })[]): SideSummary {
  const rates = windows.map((w) => w.perSecond);
  return {
    label,
    windows,
    perSecond: median(rates),
    min: Math.min(...rates),
    max: Math.max(...rates),
    cpuMsPerOp: median(windows.map((w) => w.cpuMsPerOp)),
    dbCpuMsPerOp: median(windows.map((w) => w.dbCpuMsPerOp)),
    p50: median(windows.map((w) => w.p50)),
    p99: median(windows.map((w) => w.p99)),
    bad: windows.reduce((sum, w) => sum + w.bad, 0),
    sample: windows.find((w) => w.sample)?.sample,
  };
}

/**
 * A side loaded by autocannon over HTTP. `body`: one body, or a function making each request's;
 * `good`: whether an answer's body is a good one (GraphQL errors in a 200 are not).
 */
export function httpSide(options: {
  label: string;
  pid: number;
  url: string;
  connections: number;
  headers: Record<string, string>;
  body: string | (() => string);
  good: (body: string) => boolean;
}): Side {
  return {
    label: options.label,
    pid: options.pid,
    async run(seconds) {
      let good = 0;
      let bad = 0;
      let sample: string | undefined;
      const makeBody = options.body;
      const result = await autocannon({
        url: options.url,
        method: 'POST',
        connections: options.connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(typeof makeBody === 'string' ? { body: makeBody } : {}),
        requests: [
          {
            ...(typeof makeBody === 'function' ? { setupRequest: (request) => ({ ...request, body: makeBody() }) } : {}),
            onResponse: (status, body) => {
              if (status === 200 && options.good(body)) good++;
              else {
                bad++;
                sample ??= `${status} ${body.slice(0, 300)}`;
              }
            },
          },
        ],
      });
      // refused connections and timeouts never reach onResponse
      bad += result.errors + result.timeouts;
      return { good, bad, p50: result.latency.p50, p99: result.latency.p99, sample };
    },
  };
}

/**
 * A side run in this process: `concurrency` loops of `operation` (which throws on a bad answer),
 * each timed to the microsecond (autocannon's percentiles are whole milliseconds). `pid`: the
 * server whose CPU the operations cost; without it, this process (a raw side).
 */
export function loopSide(options: { label: string; concurrency: number; operation: () => Promise<void>; pid?: number }): Side {
  return {
    label: options.label,
    pid: options.pid ?? 'self',
    async run(seconds) {
      const latencies: number[] = [];
      let bad = 0;
      let sample: string | undefined;
      const until = Date.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (Date.now() < until) {
            const started = performance.now();
            try {
              await options.operation();
              latencies.push(performance.now() - started);
            } catch (e) {
              bad++;
              sample ??= String(e).slice(0, 300);
            }
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      return { good: latencies.length, bad, p50: percentile(latencies, 50), p99: percentile(latencies, 99), sample };
    },
  };
}

/** Good GraphQL answer: data under `field`, no errors. */
export const graphqlGood = (field: string) => {
  const prefix = `{"data":{"${field}":`;
  return (body: string) => body.startsWith(prefix) && !body.includes('"errors":');
};
