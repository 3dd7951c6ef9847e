// Send throughput: sendMessage per second, p99 and CPU per message at 8 and 32 connections, against
// PostGraphile's generated createMessage on the same table (the fair peer: a GraphQL server, JWT,
// a transaction per request), graphql-yoga with one resolver doing the raw INSERT (the floor of
// Parley's own stack: bench/yoga-floor-server.ts) and raw single-row INSERTs through pg (the
// physical limit), at the same concurrency, alternated round by round. Only good answers count.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { seqCounter } from './lib/seq.ts';
import { databaseUrl, startParley, startPostGraphile, startYogaFloor, token, type Observability, type ServerProcess } from './lib/env.ts';
import { postgraphileCreateMessage, sendMutation } from './lib/queries.ts';
import { seededConversationsOf, sender } from './seed.ts';
import { installPeer } from './lib/peer.ts';
import { alternate, graphqlGood, httpSide, loopSide, type Side, type SideSummary } from './lib/load.ts';

/** A side's summary, with the names the smoke test (test/bench.test.ts) reads. */
export type LoadResult = SideSummary & { requestsPerSecond: number; errors: number };
const asLoad = (s: SideSummary): LoadResult => ({ ...s, requestsPerSecond: s.perSecond, errors: s.bad });

export interface SendResult {
  concurrency: number;
  observability: Observability;
  parley: LoadResult;
  postgraphile?: LoadResult;
  /** graphql-yoga with one resolver doing the raw INSERT (bench/yoga-floor-server.ts); at 8 connections */
  floor?: LoadResult;
  raw: LoadResult;
  valid: boolean;
}

/** Connections the send's sides may hold together (the machine's PostgreSQL allows 100). */
const connectionBudget = 90;

export async function measureSend(
  seconds = 4,
  options: { rounds?: number; peer?: boolean; profile?: boolean; observed?: number[]; concurrencies?: number[] } = {},
): Promise<SendResult[]> {
  if (options.peer) installPeer();
  const conversations = await seededConversationsOf(sender, 100);
  const nextSeq = await seqCounter();
  const authorization = `Bearer ${await token(sender)}`;
  const results: SendResult[] = [];
  const plan: { observability: Observability; concurrency: number }[] = [
    ...(options.concurrencies ?? [8, 32]).map((concurrency) => ({ observability: 'bare' as const, concurrency })),
    ...(options.observed ?? []).map((concurrency) => ({ observability: 'observed' as const, concurrency })),
  ];
  for (const observability of ['bare', 'observed'] as const) {
    const runs = plan.filter((p) => p.observability === observability);
    if (!runs.length) continue;
    const profile = options.profile ? `send-${observability}` : undefined;
    const servers: ServerProcess[] = [];
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 32 });
    try {
      const parley = await startParley({}, { observability, profile });
      servers.push(parley);
      const peer = options.peer ? await startPostGraphile({ observability, profile }) : undefined;
      if (peer) servers.push(peer);
      for (const { concurrency } of runs) {
        let n = 0;
        const conversation = () => conversations[n++ % conversations.length]!;
        const sides: Side[] = [
          httpSide({
            label: 'Parley',
            pid: parley.pid,
            url: parley.url,
            connections: concurrency,
            headers: { authorization },
            body: () =>
              JSON.stringify({ query: sendMutation, variables: { input: { conversationId: conversation(), body: `bench message ${n}` } } }),
            good: graphqlGood('sendMessage'),
          }),
        ];
        if (peer) {
          sides.push(
            httpSide({
              label: 'PostGraphile createMessage',
              pid: peer.pid,
              url: peer.url,
              connections: concurrency,
              headers: { authorization },
              body: () => {
                const seq = nextSeq();
                return JSON.stringify({
                  query: postgraphileCreateMessage,
                  variables: {
                    input: {
                      message: {
                        id: randomUUID(),
                        conversationId: conversation(),
                        seq,
                        type: 'NORMAL',
                        body: `peer message ${seq}`,
                        ownerId: sender,
                      },
                    },
                  },
                });
              },
              good: graphqlGood('createMessage'),
            }),
          );
        }
        // The floor only where every side's pool fits PostgreSQL's 100 connections (each side
        // holds one connection per request in flight; four pools of 32 do not fit): started for
        // the run, stopped after.
        const floor = concurrency * (peer ? 4 : 3) <= connectionBudget ? await startYogaFloor(sender, { profile }) : undefined;
        if (floor) {
          servers.push(floor);
          sides.push(
            httpSide({
              label: 'yoga floor',
              pid: floor.pid,
              url: floor.url,
              connections: concurrency,
              headers: { authorization },
              body: () =>
                JSON.stringify({
                  query: sendMutation,
                  variables: { input: { conversationId: conversation(), body: `floor message ${n}` } },
                }),
              good: graphqlGood('sendMessage'),
            }),
          );
        }
        sides.push(
          loopSide({
            label: 'raw INSERT',
            concurrency,
            operation: async () => {
              const seq = nextSeq();
              await pool.query(
                `INSERT INTO messages (id, conversation_id, seq, type, body, owner_id, created_at, updated_at)
                 VALUES ($1, $2, $3, 'NORMAL', $4, $5, now(), now())`,
                [randomUUID(), conversation(), seq, `raw message ${seq}`, sender],
              );
            },
          }),
        );
        const summaries = await alternate(sides, { rounds: options.rounds ?? 5, seconds });
        const byLabel = (label: string) => summaries.find((s) => s.label === label);
        const result: SendResult = {
          concurrency,
          observability,
          parley: asLoad(byLabel('Parley')!),
          postgraphile: peer ? asLoad(byLabel('PostGraphile createMessage')!) : undefined,
          floor: floor ? asLoad(byLabel('yoga floor')!) : undefined,
          raw: asLoad(byLabel('raw INSERT')!),
          valid: summaries.every((s) => s.bad === 0),
        };
        results.push(result);
        if (floor) {
          await floor.stop();
          servers.splice(servers.indexOf(floor), 1);
        }
      }
    } finally {
      // the messages written stay: `npm run bench` seeds a fresh database each run
      await Promise.all(servers.map((s) => s.stop()));
      await pool.end();
    }
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await measureSend(2, { rounds: 1, peer: true, concurrencies: [8] });
  console.log(
    JSON.stringify(
      results.map((r) => ({ ...r, parley: { ...r.parley, windows: undefined } })),
      null,
      2,
    ),
  );
  process.exit(0);
}
