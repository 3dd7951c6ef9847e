// The peer of the inbox and send benchmarks: PostGraphile 4 serving the same database as it would
// be deployed (NODE_ENV=production, JWT verified on every request, the claims set with set_config
// in a per-request transaction), with SQL functions that give the same inbox (the viewer's
// conversations in the same order, unread count, last message, under the same rules: departures,
// clears, hidden messages, bans, deleted copies, history hidden before joining) through its
// computed columns, and its generated createMessage mutation on the same messages table.
// The viewer is the token's subject, read with current_setting('jwt.claims.sub').
// POSTGRAPHILE_QUERY_LOG=1: its per-request query log on (the observed run).
import http from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { databaseUrl, secret } from '../lib/env.ts';

const functions = `
CREATE OR REPLACE FUNCTION public.bench_viewer() RETURNS text AS $$
  SELECT current_setting('jwt.claims.sub', true)
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION public.bench_inbox() RETURNS SETOF public.conversations AS $$
  SELECT c.* FROM conversations c JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = bench_viewer()
   WHERE mb.deleted_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = c.id AND b.user_id = bench_viewer())
   ORDER BY (CASE WHEN mb.left_at IS NULL THEN GREATEST(c.updated_at, mb.last_activity_at) ELSE mb.left_at END) DESC, c.id DESC
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION public.conversations_unread_count(c public.conversations) RETURNS int AS $$
  SELECT count(m.id)::int FROM members mb
    JOIN messages m ON m.conversation_id = c.id
     AND m.seq > GREATEST(mb.last_read_seq, mb.cleared_seq, CASE WHEN c.hide_messages_before_join THEN mb.join_seq ELSE 0 END)
     AND (mb.left_seq IS NULL OR m.seq <= mb.left_seq)
   WHERE mb.conversation_id = c.id AND mb.user_id = bench_viewer()
     AND m.counts_unread AND m.deleted_at IS NULL AND m.owner_id IS DISTINCT FROM bench_viewer()
     AND (cardinality(m.recipient_ids) = 0 OR m.owner_id = bench_viewer() OR bench_viewer() = ANY(m.recipient_ids))
     AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = bench_viewer() AND h.message_id = m.id)
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION public.conversations_last_message(c public.conversations) RETURNS public.messages AS $$
  SELECT m.* FROM members mb
    JOIN messages m ON m.conversation_id = c.id
     AND m.seq > GREATEST(mb.cleared_seq, CASE WHEN c.hide_messages_before_join THEN mb.join_seq ELSE 0 END)
     AND (mb.left_seq IS NULL OR m.seq <= mb.left_seq)
   WHERE mb.conversation_id = c.id AND mb.user_id = bench_viewer()
     AND (cardinality(m.recipient_ids) = 0 OR m.owner_id = bench_viewer() OR bench_viewer() = ANY(m.recipient_ids))
     AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = bench_viewer() AND h.message_id = m.id)
   ORDER BY m.seq DESC LIMIT 1
$$ LANGUAGE sql STABLE;

-- members are details: a former member sees none
CREATE OR REPLACE FUNCTION public.conversations_visible_members(c public.conversations) RETURNS SETOF public.members AS $$
  SELECT y.* FROM members y
   WHERE y.conversation_id = c.id AND y.left_at IS NULL
     AND EXISTS (SELECT 1 FROM members mb WHERE mb.conversation_id = c.id AND mb.user_id = bench_viewer() AND mb.left_at IS NULL)
   ORDER BY y.joined_at, y.id
$$ LANGUAGE sql STABLE;

DROP FUNCTION IF EXISTS public.bench_inbox(text);
DROP FUNCTION IF EXISTS public.conversations_unread_count(public.conversations, text);
DROP FUNCTION IF EXISTS public.conversations_last_message(public.conversations, text);
`;

const pool = new pg.Pool({ connectionString: databaseUrl(), max: 32 });
await pool.query(functions);
const middleware = postgraphile(pool, 'public', {
  // its generated CRUD mutations, createMessage among them (the send peer)
  disableDefaultMutations: false,
  graphiql: false,
  disableQueryLog: process.env.POSTGRAPHILE_QUERY_LOG !== '1',
  ignoreRBAC: true,
  dynamicJson: true,
  retryOnInitFail: false,
  // the same HS256 tokens Parley takes; no audience claim in them
  jwtSecret: secret,
  jwtVerifyOptions: { algorithms: ['HS256'], audience: [] },
});
const server = http.createServer(middleware);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`PostGraphile at http://127.0.0.1:${process.env.PORT}/graphql`);
});
process.once('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
