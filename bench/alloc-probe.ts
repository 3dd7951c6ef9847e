// A probe of what one inbox request allocates in the server (not part of `npm run bench`). CPU per
// request moves by 10–15 % between runs of one build on a noisy machine; the bytes a request
// allocates barely move, and the garbage collector's share of the inbox (a third of its busy
// time) follows them. The server runs with --inspect on a port of its own. Its allocations are
// sampled over the DevTools protocol, objects already collected included, during `requests`
// requests at `concurrency` in flight. It prints KB per request, then the functions that allocated
// the most. PARLEY_DIR=<checkout> measures another build (bench/README.md).
// Usage: npx tsx bench/alloc-probe.ts [requests=600] [concurrency=10] [top=30]
import WebSocket from 'ws';
import { freePort, pinSelf, startParley } from './lib/env.ts';
import { inboxRequests } from './lib/inbox-requests.ts';

const [requests = 600, concurrency = 10, top = 30] = process.argv.slice(2).map(Number);

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** The DevTools protocol over the server's inspector socket: one call at a time is all this needs. */
async function inspector(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let lastId = 0;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const call of waiting.values()) call.reject(error);
    waiting.clear();
  };
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    const call = message.id === undefined ? undefined : waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id!);
    if (message.error) call.reject(new Error(`inspector: ${message.error.message}`));
    else call.resolve(message.result);
  });
  socket.on('error', (error) => failAll(error));
  socket.on('close', () => failAll(new Error('inspector: the socket closed')));
  return {
    call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = ++lastId;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    close: () => socket.close(),
  };
}

pinSelf();
const inspectPort = await freePort();
// startParley reads BENCH_NODE_ARGS when it starts the server
process.env.BENCH_NODE_ARGS = `${process.env.BENCH_NODE_ARGS ?? ''} --inspect=127.0.0.1:${inspectPort}`;
const server = await startParley({}, {});
try {
  const run = await inboxRequests(server.url, concurrency);
  await run(200);
  const devtools = await inspector(inspectPort);
  await devtools.call('HeapProfiler.enable');
  await devtools.call('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await run(requests);
  const { profile } = await devtools.call<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
  devtools.close();

  const byFunction = new Map<string, number>();
  let total = 0;
  const visit = (node: ProfileNode) => {
    const frame = node.callFrame;
    const where = frame.url.replace(/.*node_modules\//, '').replace(/^file:\/\/\/.*?\/dist\//, 'dist/');
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    total += node.selfSize;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    node.children.forEach(visit);
  };
  visit(profile.head);
  const kb = (bytes: number) => (bytes / requests / 1024).toFixed(1);
  console.log(`${kb(total)} KB allocated per inbox request (${requests} requests, ${concurrency} in flight)`);
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${kb(bytes).padStart(8)} KB  ${name}`);
  }
} finally {
  await server.stop();
}
