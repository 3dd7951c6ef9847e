// Send throughput: sendMessage per second and p99 at 8 and 32 connections, against raw single-row
// INSERTs into the same table through pg at the same concurrency.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import pg from 'pg';
import { databaseUrl, percentile, startParley, token } from './lib/env.ts';
import { sendMutation } from './lib/queries.ts';
import { sender } from './seed.ts';
import type { LoadResult } from './inbox.ts';

async function senderConversations(): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT conversation_id AS id FROM members WHERE user_id = $1 AND left_at IS NULL ORDER BY conversation_id LIMIT 100`,
      [sender],
    );
    return rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

async function parleySends(url: string, conversations: string[], connections: number, seconds: number): Promise<LoadResult> {
  const authorization = `Bearer ${await token(sender)}`;
  let n = 0;
  const run = (duration: number) =>
    autocannon({
      url,
      method: 'POST',
      connections,
      duration,
      headers: { 'content-type': 'application/json', authorization },
      requests: [
        {
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              query: sendMutation,
              variables: { input: { conversationId: conversations[n++ % conversations.length], body: `bench message ${n}` } },
            }),
          }),
        },
      ],
    });
  await run(2);
  const result = await run(seconds);
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** Raw single-row INSERTs, `concurrency` at a time, for `seconds`. */
async function rawInserts(conversations: string[], concurrency: number, seconds: number): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: concurrency });
  const seqs = new Map<string, number>();
  // far above the seeded seqs, and different on every run (the rows of an earlier run stay)
  const seqBase = 200_000_000 + (Math.floor(Date.now() / 1000) % 100_000) * 10_000;
  let next = 0;
  const insert = async () => {
    const conversationId = conversations[next++ % conversations.length]!;
    const seq = (seqs.get(conversationId) ?? seqBase) + 1;
    seqs.set(conversationId, seq);
    await pool.query(
      `INSERT INTO messages (id, conversation_id, seq, type, body, owner_id, created_at, updated_at)
       VALUES ($1, $2, $3, 'NORMAL', $4, $5, now(), now())`,
      [randomUUID(), conversationId, seq, `raw message ${seq}`, sender],
    );
  };
  const run = async (duration: number) => {
    const latencies: number[] = [];
    const until = Date.now() + duration * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < until) {
          const started = performance.now();
          await insert();
          latencies.push(performance.now() - started);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return { requestsPerSecond: latencies.length / duration, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors: 0 };
  };
  try {
    await run(2);
    return await run(seconds);
  } finally {
    await pool.end();
  }
}

export interface SendResult {
  concurrency: number;
  parley: LoadResult;
  raw: LoadResult;
}

export async function measureSend(seconds = 10): Promise<SendResult[]> {
  const conversations = await senderConversations();
  const parley = await startParley();
  const results: SendResult[] = [];
  try {
    for (const concurrency of [8, 32]) {
      const ours = await parleySends(parley.url, conversations, concurrency, seconds);
      const raw = await rawInserts(conversations, concurrency, seconds);
      results.push({ concurrency, parley: ours, raw });
    }
  } finally {
    // the messages written stay: `npm run bench` seeds a fresh database each run
    await parley.stop();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureSend(), null, 2));
  process.exit(0);
}
