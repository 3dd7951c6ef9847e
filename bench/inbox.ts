// Inbox throughput: the inbox query at 50 connections (autocannon), against PostGraphile 4 serving
// the same database with the equivalent query, in the same run.
import autocannon from 'autocannon';
import { graphqlRequest, startParley, startProcess, token } from './lib/env.ts';
import { inboxQuery, postgraphileInboxQuery } from './lib/queries.ts';
import { inboxUsers } from './seed.ts';
import { installPeer } from './lib/peer.ts';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(options: {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: options.url,
      method: 'POST',
      connections: options.connections,
      duration,
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.body,
    });
  await run(2); // warm-up
  const result = await run(options.seconds);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

export interface InboxResult {
  parley: LoadResult;
  postgraphile: LoadResult;
}

export async function measureInbox(seconds = 10): Promise<InboxResult> {
  installPeer();
  const viewer = inboxUsers[500];
  const parley = await startParley();
  const peer = await startProcess(['--import', 'tsx', 'bench/postgraphile/server.ts'], {}, /PostGraphile at (\S+)/);
  try {
    const authorization = `Bearer ${await token(viewer)}`;
    // both answer the same data before they are loaded
    const ours = (await graphqlRequest(parley.url, inboxQuery, {}, { authorization })) as {
      conversations: { edges: { node: { title: string } }[] };
    };
    const theirs = (await graphqlRequest(peer.url, postgraphileInboxQuery, { viewer }, {})) as {
      benchInbox: { nodes: { title: string }[] };
    };
    const titles = ours.conversations.edges.map((e) => e.node.title);
    if (JSON.stringify(titles) !== JSON.stringify(theirs.benchInbox.nodes.map((n) => n.title))) {
      throw new Error(`the two inboxes differ:\n${titles.join(',')}\n${theirs.benchInbox.nodes.map((n) => n.title).join(',')}`);
    }
    const parleyResult = await load({
      url: parley.url,
      body: JSON.stringify({ query: inboxQuery }),
      headers: { authorization },
      connections: 50,
      seconds,
    });
    const peerResult = await load({
      url: peer.url,
      body: JSON.stringify({ query: postgraphileInboxQuery, variables: { viewer } }),
      headers: {},
      connections: 50,
      seconds,
    });
    return { parley: parleyResult, postgraphile: peerResult };
  } finally {
    await Promise.all([parley.stop(), peer.stop()]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureInbox());
  process.exit(0);
}
