// The peer of the inbox benchmark: PostGraphile 4 serving the same database, with SQL functions
// that give the same inbox (the viewer's conversations in the same order, unread count, last
// message) through its computed columns.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { databaseUrl } from '../lib/env.ts';

const functions = `
CREATE OR REPLACE FUNCTION public.bench_inbox(viewer text) RETURNS SETOF public.conversations AS $$
  SELECT c.* FROM conversations c JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = viewer
   WHERE mb.deleted_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = c.id AND b.user_id = viewer)
   ORDER BY GREATEST(c.updated_at, mb.last_activity_at) DESC, c.id DESC
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION public.conversations_unread_count(c public.conversations, viewer text) RETURNS int AS $$
  SELECT count(m.id)::int FROM members mb
    JOIN messages m ON m.conversation_id = c.id
     AND m.seq > GREATEST(mb.last_read_seq, mb.cleared_seq, CASE WHEN c.hide_messages_before_join THEN mb.join_seq ELSE 0 END)
     AND (mb.left_seq IS NULL OR m.seq <= mb.left_seq)
   WHERE mb.conversation_id = c.id AND mb.user_id = viewer
     AND m.counts_unread AND m.deleted_at IS NULL AND m.owner_id IS DISTINCT FROM viewer
     AND (cardinality(m.recipient_ids) = 0 OR m.owner_id = viewer OR viewer = ANY(m.recipient_ids))
     AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = viewer AND h.message_id = m.id)
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION public.conversations_last_message(c public.conversations, viewer text) RETURNS public.messages AS $$
  SELECT m.* FROM members mb
    JOIN messages m ON m.conversation_id = c.id
     AND m.seq > GREATEST(mb.cleared_seq, CASE WHEN c.hide_messages_before_join THEN mb.join_seq ELSE 0 END)
     AND (mb.left_seq IS NULL OR m.seq <= mb.left_seq)
   WHERE mb.conversation_id = c.id AND mb.user_id = viewer
     AND (cardinality(m.recipient_ids) = 0 OR m.owner_id = viewer OR viewer = ANY(m.recipient_ids))
     AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = viewer AND h.message_id = m.id)
   ORDER BY m.seq DESC LIMIT 1
$$ LANGUAGE sql STABLE;
`;

const pool = new pg.Pool({ connectionString: databaseUrl(), max: 32 });
await pool.query(functions);
const middleware = postgraphile(pool, 'public', {
  disableDefaultMutations: true,
  graphiql: false,
  disableQueryLog: true,
  ignoreRBAC: true,
  dynamicJson: true,
  retryOnInitFail: false,
});
const server = http.createServer(middleware);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`PostGraphile at http://127.0.0.1:${port}/graphql`);
});
process.once('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
