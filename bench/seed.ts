// npm run seed -- --users 10000 --conversations 2000 --messages 500000
// Writes a realistic data set into PostgreSQL (the bench database by default, made anew): most
// conversations small, a few with thousands of members, messages spread by conversation size, read
// positions that leave some unread. Deterministic: the same arguments give the same data.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { benchDatabase, databaseUrl, withAdmin } from './lib/env.ts';

export interface SeedOptions {
  users: number;
  conversations: number;
  messages: number;
  database?: string;
}

export interface SeedSummary extends SeedOptions {
  seconds: number;
  largest: number;
}

/** Inbox users with a known number of conversations, for the per-request measures. */
export const inboxUsers = { 10: 'inbox_10', 100: 'inbox_100', 500: 'inbox_500' } as const;
export const sender = 'bench_sender';

/**
 * The seeded conversations `user` is a member of, the first `limit` by id: never those the
 * measures make through the API (the fan-out's, whose UUIDs mostly sort before the seeded `c…`
 * ids), so what a measure writes or searches does not depend on which measures ran before it.
 */
export function seededConversationsOf(user: string, limit: number): Promise<string[]> {
  return withAdmin(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT conversation_id AS id FROM members
        WHERE user_id = $1 AND left_at IS NULL AND conversation_id ~ '^c[0-9]+$'
        ORDER BY conversation_id LIMIT $2`,
      [user, limit],
    );
    return rows.map((r) => r.id);
  }, databaseUrl());
}

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words =
  'hello team meeting lunch today tomorrow project release review ship code bug fix deploy coffee weekend plan idea design chat message thanks great sounds good see you soon call later update status'.split(
    ' ',
  );

async function insertRows(client: pg.Client, table: string, columns: Record<string, string>, rows: unknown[][]) {
  const names = Object.keys(columns);
  for (let start = 0; start < rows.length; start += 10_000) {
    const batch = rows.slice(start, start + 10_000);
    const arrays = names.map((_, i) => batch.map((row) => row[i]));
    const params = names.map((name, i) => `$${i + 1}::${columns[name]}[]`).join(', ');
    await client.query(`INSERT INTO ${table} (${names.join(', ')}) SELECT * FROM unnest(${params})`, arrays);
  }
}

/**
 * Gives the inbox user's newest conversations the states whose rules an inbox must apply, so the
 * inbox measure compares servers that apply them all: in turn, a hidden last message (and hidden
 * unread ones), history cleared up to a point, a departure (a former member sees the conversation
 * up to when they left, sorted by that time), a ban (not listed), a deleted copy (not listed),
 * history hidden before joining, and one left alone. Deterministic, like the rest of the seed.
 */
async function applyRules(client: pg.Client, viewer: string): Promise<void> {
  const { rows } = await client.query<{ id: string; last_seq: number; updated_at: Date }>(
    `SELECT c.id, c.last_seq, c.updated_at FROM conversations c JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = $1
      ORDER BY c.updated_at DESC, c.id DESC LIMIT 70`,
    [viewer],
  );
  for (const [i, row] of rows.entries()) {
    const seq = row.last_seq;
    if (seq < 4) continue;
    const rule = i % 7;
    if (rule === 0) {
      // the viewer hid the last message and two before it
      await client.query(
        `INSERT INTO hidden_messages (user_id, message_id, conversation_id, seq)
         SELECT $1, m.id, m.conversation_id, m.seq FROM messages m WHERE m.conversation_id = $2 AND m.seq IN ($3, $3 - 2, $3 - 3)`,
        [viewer, row.id, seq],
      );
    } else if (rule === 1) {
      await client.query(
        `UPDATE members SET cleared_seq = $3, cleared_at = now(), last_read_seq = LEAST(last_read_seq, $3) WHERE conversation_id = $2 AND user_id = $1`,
        [viewer, row.id, seq - 2],
      );
    } else if (rule === 2) {
      // left just before the last messages; listed by when they left, with what came before
      await client.query(
        `UPDATE members SET left_at = $3::timestamp - interval '1 second', left_seq = $4, last_read_seq = 0 WHERE conversation_id = $2 AND user_id = $1`,
        [viewer, row.id, row.updated_at, seq - 3],
      );
    } else if (rule === 3) {
      await client.query(`UPDATE members SET left_at = now(), left_seq = $3 WHERE conversation_id = $2 AND user_id = $1`, [
        viewer,
        row.id,
        seq,
      ]);
      await client.query(`INSERT INTO bans (conversation_id, user_id) VALUES ($2, $1)`, [viewer, row.id]);
    } else if (rule === 4) {
      await client.query(`UPDATE members SET deleted_at = now() WHERE conversation_id = $2 AND user_id = $1`, [viewer, row.id]);
    } else if (rule === 5) {
      await client.query(`UPDATE members SET join_seq = $3, last_read_seq = 0 WHERE conversation_id = $2 AND user_id = $1`, [
        viewer,
        row.id,
        seq - 2,
      ]);
      await client.query(`UPDATE conversations SET hide_messages_before_join = true WHERE id = $1`, [row.id]);
    }
  }
}

export async function seed(options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const name = options.database ?? benchDatabase;
  await withAdmin(async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
  const db = await openDatabase({ url: databaseUrl(name) });
  await db.close();

  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const userIds = Array.from({ length: options.users }, (_, i) => `u${i}`);
  const special = [...Object.values(inboxUsers), sender];
  const now = Date.now();

  // sizes: most small, some medium, a few with thousands of members
  const conversations = Array.from({ length: options.conversations }, (_, i) => {
    const r = next();
    const size =
      r < 0.4 ? 2 : r < 0.89 ? 3 + Math.floor(next() * 6) : r < 0.99 ? 10 + Math.floor(next() * 140) : 1000 + Math.floor(next() * 2000);
    const isGroup = size > 2;
    const type = isGroup && next() < 0.15 ? 'PUBLIC' : 'PRIVATE';
    return { id: `c${i}`, size: Math.min(size, options.users), isGroup, type };
  });
  const members: { conversation: number; user: string }[] = [];
  conversations.forEach((c, index) => {
    const chosen = new Set<string>();
    while (chosen.size < c.size) chosen.add(pick(userIds));
    for (const user of chosen) members.push({ conversation: index, user });
  });
  // the inbox users and the sender are in the first 10 / 100 / 500 group conversations
  const groups = conversations.map((c, i) => ({ c, i })).filter(({ c }) => c.isGroup);
  for (const [count, user] of Object.entries(inboxUsers)) {
    for (const { i } of groups.slice(0, Number(count))) members.push({ conversation: i, user });
  }
  for (const { i } of groups.slice(0, 100)) members.push({ conversation: i, user: sender });

  // messages: spread by size (larger conversations talk more), at least one each
  const weights = conversations.map((c) => Math.pow(c.size, 0.7));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(1, Math.round((w / totalWeight) * options.messages)));
  const byConversation = new Map<number, string[]>();
  for (const m of members) byConversation.set(m.conversation, [...(byConversation.get(m.conversation) ?? []), m.user]);

  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    await insertRows(
      client,
      'users',
      { id: 'text', display_name: 'text' },
      [...userIds, ...special].map((id) => [id, `User ${id}`]),
    );
    const convRows = conversations.map((c) => {
      const on = c.type === 'PRIVATE';
      return [c.id, c.type, c.isGroup, c.isGroup ? `Conversation ${c.id}` : null, on, on, on, false];
    });
    await insertRows(
      client,
      'conversations',
      {
        id: 'text',
        type: '"ConversationType"',
        is_group: 'bool',
        title: 'text',
        typing_events: 'bool',
        read_events: 'bool',
        push_notifications: 'bool',
        pin_messages: 'bool',
      },
      convRows,
    );
    const owners = new Set<number>();
    const memberRows = members.map((m) => {
      const count = counts[m.conversation]!;
      const isOwner = !owners.has(m.conversation);
      owners.add(m.conversation);
      return [
        randomUUID(),
        conversations[m.conversation]!.id,
        m.user,
        isOwner ? 'OWNER' : 'MEMBER',
        new Date(now - 31 * 86_400_000),
        Math.floor(next() * (count + 1)),
      ];
    });
    await insertRows(
      client,
      'members',
      { id: 'text', conversation_id: 'text', user_id: 'text', role: '"MemberRole"', joined_at: 'timestamp', last_read_seq: 'int' },
      memberRows,
    );
    let messageRows: unknown[][] = [];
    const messageColumns = {
      id: 'text',
      conversation_id: 'text',
      seq: 'int',
      body: 'text',
      owner_id: 'text',
      created_at: 'timestamp',
      updated_at: 'timestamp',
      track_reads: 'bool',
    };
    for (let index = 0; index < conversations.length; index++) {
      const c = conversations[index]!;
      const who = byConversation.get(index)!;
      const count = counts[index]!;
      for (let seq = 1; seq <= count; seq++) {
        const at = new Date(now - 30 * 86_400_000 + ((seq / count) * 30 - next() * 0.01) * 86_400_000);
        const body = Array.from({ length: 4 + Math.floor(next() * 12) }, () => pick(words)).join(' ');
        messageRows.push([randomUUID(), c.id, seq, body, pick(who), at, at, c.type === 'PRIVATE']);
      }
      if (messageRows.length >= 50_000) {
        await insertRows(client, 'messages', messageColumns, messageRows);
        messageRows = [];
      }
    }
    await insertRows(client, 'messages', messageColumns, messageRows);
    await client.query(`
      UPDATE conversations c SET last_seq = s.last_seq, last_message_at = s.last_at, updated_at = s.last_at, created_at = s.first_at
        FROM (SELECT conversation_id, max(seq) AS last_seq, max(created_at) AS last_at, min(created_at) AS first_at FROM messages GROUP BY conversation_id) s
       WHERE s.conversation_id = c.id`);
    await applyRules(client, inboxUsers[500]);
    await client.query(`
      UPDATE conversations c SET member_count = s.n, owner_id = s.owner
        FROM (SELECT conversation_id, count(*) FILTER (WHERE left_at IS NULL) AS n,
                     min(user_id) FILTER (WHERE role = 'OWNER') AS owner FROM members GROUP BY conversation_id) s
       WHERE s.conversation_id = c.id`);
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  return {
    ...options,
    database: name,
    seconds: (Date.now() - started) / 1000,
    largest: Math.max(...conversations.map((c) => c.size)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '10000' },
      conversations: { type: 'string', default: '2000' },
      messages: { type: 'string', default: '500000' },
      database: { type: 'string', default: benchDatabase },
    },
  });
  const summary = await seed({
    users: Number(values.users),
    conversations: Number(values.conversations),
    messages: Number(values.messages),
    database: values.database,
  });
  console.log(
    `seeded ${summary.database}: ${summary.users} users, ${summary.conversations} conversations (largest ${summary.largest} members), ${summary.messages} messages in ${summary.seconds.toFixed(1)} s`,
  );
  process.exit(0);
}
