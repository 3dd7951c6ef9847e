// The floor of the send benchmark for the stack Parley is built on: graphql-yoga (Parley's server,
// in production mode) with one mutation of the same shape as Parley's `sendMessage` (the same
// request text parses and validates), whose resolver runs the raw side's one-row INSERT through a
// pg pool of Parley's size. No authentication, no rules, no seq under a lock, no unread counts, no
// outbox, no publish: what any GraphQL send on this stack costs before it does a chat's work.
// PORT; BENCH_DATABASE and BENCH_ADMIN_URL (as for PostGraphile); FLOOR_OWNER_ID (the owner of
// every row, as the raw side writes it). Its seqs come from a range of its own (lib/seq.ts).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { createSchema, createYoga } from 'graphql-yoga';
import pg from 'pg';
import { databaseUrl } from './lib/env.ts';
import { floorSeqFloor, seqCounter } from './lib/seq.ts';

const pool = new pg.Pool({ connectionString: databaseUrl(), max: 32 });
const owner = process.env.FLOOR_OWNER_ID ?? null;
const nextSeq = await seqCounter(floorSeqFloor);

interface SendInput {
  conversationId: string;
  body?: string | null;
}

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    input SendMessageInput {
      conversationId: ID
      body: String
    }
    type Message {
      id: ID!
      seq: Int!
    }
    type Query {
      ok: Boolean!
    }
    type Mutation {
      sendMessage(input: SendMessageInput!): Message!
    }
  `,
  resolvers: {
    Query: { ok: () => true },
    Mutation: {
      sendMessage: async (_root: unknown, { input }: { input: SendInput }) => {
        const id = randomUUID();
        const seq = nextSeq();
        await pool.query(
          `INSERT INTO messages (id, conversation_id, seq, type, body, owner_id, created_at, updated_at)
           VALUES ($1, $2, $3, 'NORMAL', $4, $5, now(), now())`,
          [id, input.conversationId, seq, input.body ?? null, owner],
        );
        return { id, seq };
      },
    },
  },
});

const yoga = createYoga({ schema, graphiql: false, landingPage: false, logging: false });
const server = http.createServer(yoga).listen(Number(process.env.PORT), '127.0.0.1');
// a clean exit on SIGTERM, so --cpu-prof writes its profile (bench:profile)
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void pool.end().then(() => process.exit(0));
});
