// How cost grows (issue 17, item 5), besides the inbox curve (inbox.ts) and fan-out at 1,000,
// 5,000 and 10,000 subscribers (fanout.ts):
// - replay: messageAdded(after:) for a subscriber who missed 10,000 messages: time until it has
//   caught up, the server's peak RSS over it, the server's CPU per replayed message;
// - search: full-text search (messages(filter: { search })) over the seeded messages of the
//   sender's first 100 seeded conversations, a rotation of queries: p50, p99 and CPU per search.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { cpuMsOf, databaseUrl, graphqlRequest, rssOf, sleep, startParley, token, withAdmin } from './lib/env.ts';
import { httpSide, measureWindow, graphqlGood } from './lib/load.ts';
import { seededConversationsOf, sender } from './seed.ts';

export interface ReplayResult {
  missed: number;
  received: number;
  /** subscribe to the last replayed message */
  seconds: number;
  rssBefore: number;
  rssPeak: number;
  cpuUsPerMessage: number;
}

const replaySubscription = `subscription Replay($id: ID!, $after: String) { messageAdded(conversationId: $id, after: $after) { id seq body createdAt owner { id displayName } } }`;

export async function measureReplay(missed = 10_000, options: { profile?: boolean } = {}): Promise<ReplayResult> {
  const parley = await startParley({}, { profile: options.profile ? 'replay' : undefined });
  try {
    const authorization = `Bearer ${await token(sender)}`;
    const { createConversation } = (await graphqlRequest(
      parley.url,
      'mutation ($t: String!) { createConversation(input: { type: PUBLIC, title: $t }) { id } }',
      { t: `Replay ${Date.now()}` },
      { authorization },
    )) as { createConversation: { id: string } };
    const id = createConversation.id;
    const { sendMessage } = (await graphqlRequest(
      parley.url,
      'mutation ($id: ID!) { sendMessage(input: { conversationId: $id, body: "before" }) { seq cursor } }',
      { id },
      { authorization },
    )) as { sendMessage: { seq: number; cursor: string } };
    // the messages missed, written straight to the table (through the API it would take minutes)
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      const seqs = Array.from({ length: missed }, (_, i) => sendMessage.seq + 1 + i);
      await client.query(
        `INSERT INTO messages (id, conversation_id, seq, type, body, owner_id, created_at, updated_at)
         SELECT $4 || '-' || s, $1, s, 'NORMAL', 'missed message ' || s, $2, now(), now() FROM unnest($3::int[]) AS s`,
        [id, sender, seqs, randomUUID()],
      );
      await client.query(`UPDATE conversations SET last_seq = $2, last_message_at = now(), updated_at = now() WHERE id = $1`, [
        id,
        sendMessage.seq + missed,
      ]);
    } finally {
      await client.end();
    }
    await sleep(1_000);
    const rssBefore = rssOf(parley.pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(parley.pid))), 20);
    const cpuBefore = cpuMsOf(parley.pid);
    const started = performance.now();
    let received = 0;
    const viewerToken = await token('u1');
    const socket = new WebSocket(parley.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { perMessageDeflate: false });
    const done = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => resolve(performance.now()), 120_000);
      socket.once('error', reject);
      socket.once('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${viewerToken}` } })),
      );
      socket.on('message', (data: Buffer) => {
        const text = String(data);
        if (text.includes('"connection_ack"')) {
          socket.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: replaySubscription, variables: { id, after: sendMessage.cursor } },
            }),
          );
        } else if (text.includes('"next"')) {
          if (++received >= missed) {
            clearTimeout(timer);
            resolve(performance.now());
          }
        } else if (text.includes('"error"')) {
          reject(new Error(`replay: ${text.slice(0, 500)}`));
        }
      });
    });
    clearInterval(sampler);
    const cpuMs = cpuMsOf(parley.pid) - cpuBefore;
    socket.terminate();
    return {
      missed,
      received,
      seconds: (done - started) / 1000,
      rssBefore,
      rssPeak,
      cpuUsPerMessage: (cpuMs * 1000) / Math.max(1, received),
    };
  } finally {
    await parley.stop();
  }
}

export interface SearchResult {
  conversations: number;
  messages: number;
  p50: number;
  p99: number;
  perSecond: number;
  cpuMsPerOp: number;
  bad: number;
  sample?: string;
}

const searchQuery = `query Search($id: ID!, $q: String!) {
  messages(conversationId: $id, first: 20, filter: { search: $q }) { edges { node { id seq body } } }
}`;
const terms = ['release', 'code review', '"ship code"', 'deploy -bug', 'coffee or lunch', 'meeting tomorrow', 'design idea', 'thanks'];

export async function measureSearch(seconds = 4, options: { profile?: boolean } = {}): Promise<SearchResult> {
  const ids = await seededConversationsOf(sender, 100);
  const messages = await withAdmin(async (client) => {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = ANY($1::text[])`, [
      ids,
    ]);
    return rows[0]!.n;
  }, databaseUrl());
  const parley = await startParley({}, { profile: options.profile ? 'search' : undefined });
  try {
    const authorization = `Bearer ${await token(sender)}`;
    let n = 0;
    const side = httpSide({
      label: 'search',
      pid: parley.pid,
      url: parley.url,
      connections: 4,
      headers: { authorization },
      body: () => {
        n++;
        return JSON.stringify({ query: searchQuery, variables: { id: ids[n % ids.length], q: terms[n % terms.length] } });
      },
      good: graphqlGood('messages'),
    });
    await side.run(1);
    const w = await measureWindow(side, seconds);
    return {
      conversations: ids.length,
      messages,
      p50: w.p50,
      p99: w.p99,
      perSecond: w.perSecond,
      cpuMsPerOp: w.cpuMsPerOp,
      bad: w.bad,
      sample: w.sample,
    };
  } finally {
    await parley.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureReplay());
  console.log(await measureSearch());
  process.exit(0);
}
