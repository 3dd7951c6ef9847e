// A plain message (no parent, recipients or mentions) in one statement: it locks the conversation,
// checks the send rules (canSendSql, the SQL twin of assertCanSend), takes the next seq, inserts
// the message and brings deleted copies back, all or nothing. One round trip instead of a
// transaction of six; when the rules refuse, assertCanSend() gives the reason.
import { randomUUID } from 'node:crypto';
import { Prisma, type Message } from '../generated/prisma/client.ts';
import { select } from '../db/sql.ts';
import { messageColumns, pick } from '../db/columns.ts';
import type { MessageContent } from './message-input.ts';
import { canSendSql } from './send-rules.ts';

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

/** The written message, or null when the rules refused (or the conversation does not exist). */
export async function quickSend(send: QuickSend): Promise<Message | null> {
  const { viewer, conversationId, content, now } = send;
  const attachmentTypes = [...new Set(content.attachments.map((a) => a.type))];
  const rows = await select<Record<string, unknown>>(Prisma.sql`
    WITH t AS (
      SELECT c.id, c.type, c.is_group, c.is_frozen, c.read_events, c.rate_limit, c.rate_limit_window,
             mb.role::text AS member_role, mb.left_at AS member_left_at, mb.muted_at AS member_muted_at,
             mb.muted_until AS member_muted_until,
             EXISTS (SELECT 1 FROM bans b WHERE b.conversation_id = c.id AND b.user_id = ${viewer}) AS is_banned,
             EXISTS (SELECT 1 FROM watchers w WHERE w.conversation_id = c.id AND w.user_id = ${viewer} AND w.expires_at > ${now}) AS is_watching,
             CASE WHEN c.rate_limit IS NULL OR c.rate_limit_window IS NULL THEN 0 ELSE
               (SELECT count(*) FROM messages r WHERE r.conversation_id = c.id AND r.owner_id = ${viewer} AND r.type <> 'ADMIN'
                  AND r.created_at > ${now}::timestamp - make_interval(secs => c.rate_limit_window)) END AS recent_count
        FROM conversations c LEFT JOIN members mb ON mb.conversation_id = c.id AND mb.user_id = ${viewer}
       WHERE c.id = ${conversationId}
         FOR UPDATE OF c
    ), bump AS (
      UPDATE conversations SET last_seq = last_seq + 1, updated_at = ${now}, last_message_at = ${now}
        FROM t WHERE conversations.id = t.id AND ${canSendSql(now)}
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
    SELECT ${messageColumns('ins')} FROM ins`);
  const row = rows[0];
  return row ? pick<Message>(row, '', 'message') : null;
}
