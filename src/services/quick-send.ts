// A plain message (no parent, recipients or mentions) in one statement: it locks the conversation,
// decides the send right (compiled from access/rules.ts, with the reason when it refuses), takes
// the next seq, inserts the message and brings deleted copies back, all or nothing. One round trip
// instead of a transaction of six.
import { randomUUID } from 'node:crypto';
import { Prisma, type Message } from '../generated/prisma/client.ts';
import { select } from '../db/sql.ts';
import { messageColumns, pick } from '../db/columns.ts';
import { notFound } from '../errors.ts';
import { sendRefusalSql } from '../access/sql.ts';
import { sendRefusalError } from '../access/access.ts';
import type { SendRefusal } from '../access/rules.ts';
import type { MessageContent } from './message-input.ts';

export interface QuickSend {
  viewer: string;
  conversationId: string;
  id?: string;
  inputHash: string | null;
  content: MessageContent;
  now: Date;
}

/** Whether a message can take the one-statement path. */
export function isPlain(content: MessageContent): boolean {
  return content.type === 'NORMAL' && !content.parentId && content.recipientIds.length === 0 && content.mentionedUsers.length === 0;
}

/** The written message; FORBIDDEN or RATE_LIMITED with the reason when the send right refuses. */
export async function quickSend(send: QuickSend): Promise<Message> {
  const { viewer, conversationId, content, now } = send;
  const attachmentTypes = [...new Set(content.attachments.map((a) => a.type))];
  const rows = await select<Record<string, unknown>>(Prisma.sql`
    WITH t AS (
      SELECT c.id, c.read_events, c.rate_limit, c.rate_limit_window, mb.muted_until AS member_muted_until,
             recent.oldest AS oldest_recent,
             ${sendRefusalSql('c', 'mb', viewer, now, Prisma.sql`COALESCE(recent.n, 0)`)} AS refusal
        FROM conversations c
        LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${viewer}
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS n, min(x.created_at) AS oldest FROM (
            SELECT r.created_at FROM messages r
             WHERE r.conversation_id = c.id AND r.owner_id = ${viewer} AND r.type <> 'ADMIN'
               AND r.created_at > ${now}::timestamp - make_interval(secs => c.rate_limit_window)
             ORDER BY r.created_at DESC LIMIT c.rate_limit) x
        ) recent ON c.rate_limit IS NOT NULL AND c.rate_limit_window IS NOT NULL
       WHERE c.id = ${conversationId}
         FOR UPDATE OF c
    ), bump AS (
      UPDATE conversations SET last_seq = last_seq + 1, updated_at = ${now}, last_message_at = ${now}
        FROM t WHERE conversations.id = t.id AND t.refusal IS NULL
      RETURNING conversations.last_seq, conversations.read_events
    ), ins AS (
      INSERT INTO messages (id, conversation_id, seq, type, custom_type, body, owner_id, show_in_conversation,
                            attachments, attachment_types, meta_data, encrypted, counts_unread, track_reads, send_push,
                            input_hash, created_at, updated_at)
      SELECT ${send.id ?? randomUUID()}::text, ${conversationId}::text, bump.last_seq, 'NORMAL', ${content.customType}::text,
             ${content.body}::text, ${viewer}::text, ${content.showInConversation}::boolean,
             ${JSON.stringify(content.attachments)}::jsonb, ${attachmentTypes}::text[],
             ${content.metaData === null ? null : JSON.stringify(content.metaData)}::jsonb, ${content.encrypted}::boolean,
             ${content.updateUnreadCount}::boolean AND bump.read_events, bump.read_events, ${content.sendPushNotification}::boolean,
             ${send.inputHash}::text, ${content.createdAt ?? now}::timestamp, ${now}::timestamp
        FROM bump
      RETURNING *
    ), undeleted AS (
      UPDATE members SET deleted_at = NULL
       WHERE conversation_id = ${conversationId} AND deleted_at IS NOT NULL AND left_at IS NULL AND EXISTS (SELECT 1 FROM ins)
    )
    SELECT t.refusal, t.member_muted_until AS "mutedUntil", t.rate_limit AS "rateLimit",
           t.rate_limit_window AS "rateLimitWindow", t.oldest_recent AS "oldestRecent", ${messageColumns('ins')}
      FROM t LEFT JOIN ins ON TRUE`);
  const row = rows[0];
  if (!row) throw notFound('Conversation', conversationId);
  if (row.refusal) {
    const oldest = row.oldestRecent as Date | null;
    const window = row.rateLimitWindow as number | null;
    throw sendRefusalError(row.refusal as SendRefusal, {
      mutedUntil: row.mutedUntil as Date | null,
      rateLimit: row.rateLimit as number | null,
      rateLimitWindow: window,
      waitSeconds: oldest && window ? Math.max(1, Math.ceil((oldest.getTime() + window * 1000 - now.getTime()) / 1000)) : 1,
    });
  }
  return pick<Message>(row, '', 'message')!;
}
