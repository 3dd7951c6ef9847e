// The one way a message is written, in one statement: it locks the conversation, decides the send
// right (compiled from access/rules.ts, with the reason when it refuses; not for what the server
// posts itself), takes the next seq, inserts the message, brings deleted copies back, moves the
// recipients' activity and the parent's reply count. Plain sends run it alone; sends that check
// more first (a parent, recipients, mentions, a new 1-to-1) run it inside their transaction.
import { randomUUID } from 'node:crypto';
import { Prisma, type Message, type MessageType, type User } from '../generated/prisma/client.ts';
import { jsonArrayOrNull, jsonObject, readMessageArray, readUserArray } from '../db/columns.ts';
import { query, type Queryable } from '../db/client.ts';
import { sendRefusalSql } from '../access/sql.ts';
import { newMessageWantedSql, rowFacts } from './outbox.ts';
import { factsOfRow, viewerFactsSql, type FactsRow } from './access.ts';
import type { Outbox } from '../db/transaction.ts';
import type { SendRefusal } from '../access/rules.ts';
import { KeptTexts } from './prepared.ts';

const { sql } = Prisma;

// The send right, compiled once: the sender and the time are the statement's `p` (bound on each
// run), so the rules are not compiled again on every send (it showed in send profiles).
const senderRefusal = sendRefusalSql('c', 'mb', sql`p.viewer_id`, sql`p.now`, sql`COALESCE(recent.n, 0)`);
// fragments without values, built once
const insertedAsJson = jsonObject('message', 'ins');
// the message as one JSON column (pg describes every column of every execution); NULL when nothing was inserted
const insertedArray = jsonArrayOrNull('message', 'ins');
// its owner's row, as the live feed reads it with each new message (live/feeds.ts)
const ownerArray = jsonArrayOrNull('user', 'ou');
const insertedWanted = newMessageWantedSql(rowFacts('ins'));

/**
 * The statement's text for each shape (a sender or the server; for everyone or some recipients),
 * kept from its first build (sql/prepared.ts KeptTexts): finding its prepared statement no longer
 * flattens and hashes 9 KB of SQL on every send (5 % of a send's CPU at one request at a time).
 * `sendStatementShape` names every choice the text makes; test/send-statement.test.ts holds the
 * kept texts to fresh builds.
 */
const sendTexts = new KeptTexts();
export const sendStatementShape = (sender: string | null, everyone: boolean) => `${sender !== null}:${everyone}`;

export interface NewMessage {
  id?: string;
  type: MessageType;
  customType?: string | null;
  body?: string | null;
  ownerId: string | null;
  parentId?: string | null;
  showInConversation?: boolean;
  recipientIds?: string[];
  mentionedUsers?: { userId: string; wordCount: number; order: number }[];
  attachments?: Record<string, unknown>[];
  metaData?: Record<string, unknown> | null;
  encrypted?: boolean;
  forwardedFromId?: string | null;
  /** events.updateUnreadCount */
  updateUnreadCount?: boolean;
  /** events.sendPushNotification */
  sendPushNotification?: boolean;
  createdAt?: Date;
  inputHash?: string | null;
}

/** What subscribers are told after the commit. */
export interface MessageWritten {
  conversationId: string;
  messageId: string;
  seq: number;
  /** users who may see it when the message is for some recipients only; null: everyone */
  audience: string[] | null;
  /** an outbox event was written for it (a webhook or a push may follow) */
  noticed: boolean;
  /** the row written and its owner's, as committed: this server's live feed takes them instead of reading them (live/feeds.ts) */
  row: { message: Message; owner: User | null };
}

/**
 * `writer`: the sender's facts in the conversation as the statement leaves it (the conversation
 * row after the write, their member row, ban, watch, first read), so the answer can be seen
 * through the access rules without reading them again (access/views.ts seeSent); null when the
 * server posts.
 */
type Written = { message: Message; written: MessageWritten; writer: FactsRow | null };
export type Refused = {
  refusal: SendRefusal;
  mutedUntil: Date | null;
  conversationMutedUntil: Date | null;
  rateLimit: number | null;
  rateLimitWindow: number | null;
  /** the oldest of the sender's messages in the slow-mode window */
  oldestRecent: Date | null;
};

/**
 * Writes `data` to a conversation. `sender`: the user whose send right is decided in the same
 * statement (null: the server posts it, as with ADMIN messages). `outbox`: the transaction's, which
 * then records the `message.new` event; alone, the statement records it. Null when the
 * conversation does not exist.
 */
export async function insertMessage(
  db: Queryable,
  conversationId: string,
  data: NewMessage,
  options: { now: Date; sender: string | null; outbox?: Outbox },
): Promise<Written | Refused | null> {
  const { sender } = options;
  const audience = audienceOf(data);
  const statement = sendStatement(conversationId, data, options);
  let rows: Record<string, unknown>[];
  if ('select' in db) {
    rows = await db.select<Record<string, unknown>>(sendTexts.statement(sendStatementShape(sender, audience === null), statement));
  } else {
    // inside a transaction Prisma runs it (a send that checked more first: not the hot path)
    rows = await query<Record<string, unknown>>(db, statement);
  }
  const row = rows[0];
  if (!row) return null;
  if (row.refusal) {
    return {
      refusal: row.refusal as SendRefusal,
      mutedUntil: (row.mutedUntil as Date | null) ?? null,
      conversationMutedUntil: (row.conversationMutedUntil as Date | null) ?? null,
      rateLimit: (row.rateLimit as number | null) ?? null,
      rateLimitWindow: (row.rateLimitWindow as number | null) ?? null,
      oldestRecent: (row.oldestRecent as Date | null) ?? null,
    };
  }
  if (!row.message) throw new Error('the send statement neither refused nor inserted');
  const message = readMessageArray(row.message as unknown[]);
  const owner = row.owner ? readUserArray(row.owner as unknown[]) : null;
  // inside a transaction the event waits in the outbox with the others, so they keep their order
  options.outbox?.notify({ type: 'message.new', conversationId, payload: { message } });
  return {
    message,
    written: {
      conversationId,
      messageId: message.id,
      seq: message.seq,
      audience,
      noticed: (row.noticed as number) > 0,
      row: { message, owner },
    },
    writer: sender ? factsOfRow(row) : null,
  };
}

/** Who may see a message for some recipients only (they and the sender); null: everyone. */
function audienceOf(data: NewMessage): string[] | null {
  const recipients = data.recipientIds ?? [];
  return recipients.length ? [...new Set([...recipients, ...(data.ownerId ? [data.ownerId] : [])])] : null;
}

/** The send statement for `data` (see insertMessage); its text depends only on sendStatementShape. */
export function sendStatement(
  conversationId: string,
  data: NewMessage,
  options: { now: Date; sender: string | null; outbox?: Outbox },
): Prisma.Sql {
  const { now, sender } = options;
  const recipients = data.recipientIds ?? [];
  const audience = audienceOf(data);
  const attachments = data.attachments ?? [];
  const mentions = data.mentionedUsers ?? [];
  const everyone = audience === null;
  const refusal = sender ? senderRefusal : sql`NULL::text`;
  // the sender's facts for the answer: the conversation as bumped, the member row as the statement
  // found it (a send changes none of the columns the rules read)
  const writerFacts = sender ? sql`, ${viewerFactsSql('t', 'bump', 'wm', sender, now)}` : Prisma.empty;
  const writerJoin = sender
    ? sql`LEFT JOIN bump ON TRUE LEFT JOIN members wm ON wm.conversation_id = t.id AND wm.user_id = ${sender}`
    : Prisma.empty;
  const statement = sql`
    WITH t AS (
      SELECT c.id, c.rate_limit, c.rate_limit_window, mb.muted_until AS member_muted_until, c.muted_until AS conversation_muted_until,
             recent.oldest AS oldest_recent, ${refusal} AS refusal
        FROM conversations c
       CROSS JOIN (SELECT ${sender}::text AS viewer_id, ${now}::timestamp AS now) p
        LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${sender}
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS n, min(x.created_at) AS oldest FROM (
            SELECT r.created_at FROM messages r
             WHERE r.conversation_id = c.id AND r.owner_id = ${sender} AND r.type <> 'ADMIN'
               AND r.created_at > ${now}::timestamp - make_interval(secs => c.rate_limit_window)
             ORDER BY r.created_at DESC LIMIT c.rate_limit) x
        ) recent ON ${sender !== null} AND c.rate_limit IS NOT NULL AND c.rate_limit_window IS NOT NULL
       WHERE c.id = ${conversationId}
         FOR UPDATE OF c
    ), bump AS (
      -- seq is taken under the conversation's row lock: sends to one conversation are serialised,
      -- so seq is contiguous and commits happen in seq order
      UPDATE conversations
         SET last_seq = last_seq + 1,
             updated_at = CASE WHEN ${everyone} THEN ${now}::timestamp ELSE updated_at END,
             last_message_at = CASE WHEN ${everyone} THEN ${now}::timestamp ELSE last_message_at END
        FROM t WHERE conversations.id = t.id AND t.refusal IS NULL
      RETURNING conversations.*
    ), ins AS (
      INSERT INTO messages (id, conversation_id, seq, type, custom_type, body, owner_id, parent_id, show_in_conversation,
                            recipient_ids, mentioned_users, mentioned_user_ids, attachments, attachment_types, meta_data,
                            encrypted, forwarded_from_id, counts_unread, track_reads, send_push, input_hash, created_at, updated_at)
      SELECT ${data.id ?? randomUUID()}::text, ${conversationId}::text, bump.last_seq, ${data.type}::"MessageType",
             ${data.customType ?? null}::text, ${data.body ?? null}::text, ${data.ownerId}::text, ${data.parentId ?? null}::text,
             ${data.showInConversation ?? true}::boolean, ${recipients}::text[], ${JSON.stringify(mentions)}::jsonb,
             ${mentions.map((m) => m.userId)}::text[], ${JSON.stringify(attachments)}::jsonb,
             ${[...new Set(attachments.map((a) => String(a.type)))]}::text[],
             ${data.metaData ? JSON.stringify(data.metaData) : null}::jsonb, ${data.encrypted ?? false}::boolean,
             ${data.forwardedFromId ?? null}::text, ${data.updateUnreadCount ?? true}::boolean AND bump.read_events,
             bump.read_events, ${data.sendPushNotification ?? true}::boolean, ${data.inputHash ?? null}::text,
             ${data.createdAt ?? now}::timestamp, ${now}::timestamp
        FROM bump
      RETURNING *
    ), members_touched AS (
      -- a deleted copy comes back when a new message arrives for its (active) member; a message
      -- for some recipients moves their own activity time instead of the conversation's
      -- (two texts, not a CASE on a bound flag: a generic plan could not then use an index, and
      -- would read every member row of a large conversation on every send)
      UPDATE members
         SET ${everyone ? sql`deleted_at = NULL` : sql`deleted_at = NULL, last_activity_at = ${now}::timestamp`}
       WHERE conversation_id = ${conversationId} AND left_at IS NULL AND EXISTS (SELECT 1 FROM ins)
         AND ${everyone ? sql`deleted_at IS NOT NULL` : sql`user_id = ANY(${audience ?? []}::text[])`}
    ), parent AS (
      UPDATE messages SET reply_count = reply_count + 1
       WHERE id = ${data.parentId ?? null}::text AND EXISTS (SELECT 1 FROM ins)
    ), notice AS (
      -- the notification outbox, in the same statement: a webhook or push follows only a committed send
      INSERT INTO outbox_events (type, conversation_id, payload, created_at)
      SELECT 'message.new', ins.conversation_id, jsonb_build_object('message', ${insertedAsJson}), ${now}::timestamp
        FROM ins WHERE ${!options.outbox} AND ${insertedWanted}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM notice)::int AS "noticed", t.refusal, t.member_muted_until AS "mutedUntil",
           t.conversation_muted_until AS "conversationMutedUntil", t.rate_limit AS "rateLimit",
           t.rate_limit_window AS "rateLimitWindow", t.oldest_recent AS "oldestRecent", ${insertedArray} AS "message",
           ${ownerArray} AS "owner" ${writerFacts}
      FROM t LEFT JOIN ins ON TRUE LEFT JOIN users ou ON ou.id = ins.owner_id ${writerJoin}`;
  return statement;
}
