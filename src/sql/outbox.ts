// The notification outbox (src/notifications/): events written in the transaction of the change
// that causes them, then turned into deliveries and attempted by a worker on any instance. An event
// is written only when something wants it (a webhook taking its type; for a new message, a push
// device of one of its members), so a server with no webhooks and no devices writes nothing more.
import { Prisma } from '../generated/prisma/client.ts';
import { query, type Queryable } from '../db/client.ts';

const { sql } = Prisma;

/** Whether an enabled webhook takes events of `type` (SQL text). */
function webhookWantsSql(type: Prisma.Sql): Prisma.Sql {
  return sql`EXISTS (SELECT 1 FROM webhooks w WHERE w.enabled AND ${type} = ANY (w.events))`;
}

/** The facts of a new message that decide whether it is worth an outbox event, as SQL. */
interface NewMessageFacts {
  conversationId: Prisma.Sql;
  ownerId: Prisma.Sql;
  sendPush: Prisma.Sql;
  type: Prisma.Sql;
}

/**
 * Whether a new message is worth an outbox event: a webhook takes `message.new`, or it may be
 * pushed (it asks for push, is not the server's) and a member other than its sender has a device.
 * The dispatcher decides who gets a push; this only skips the write when nobody could.
 */
export function newMessageWantedSql(m: NewMessageFacts): Prisma.Sql {
  return sql`(${webhookWantsSql(sql`'message.new'`)} OR (${m.sendPush} AND ${m.type} <> 'ADMIN' AND EXISTS (
    SELECT 1 FROM push_devices pd
      JOIN members pm ON pm.conversation_id = ${m.conversationId} AND pm.user_id = pd.user_id AND pm.left_at IS NULL
     WHERE pd.user_id IS DISTINCT FROM ${m.ownerId})))`;
}

/** The facts of message row `m`. */
export function rowFacts(m: string): NewMessageFacts {
  const col = (c: string) => Prisma.raw(`${m}.${c}`);
  return { conversationId: col('conversation_id'), ownerId: col('owner_id'), sendPush: col('send_push'), type: sql`${col('type')}::text` };
}

export interface Notice {
  type: string;
  conversationId: string | null;
  /** what the event carries (model-shaped snapshots; notifications/payloads.ts formats them) */
  payload: Record<string, unknown>;
}

// a message.new notice carries its message (model-shaped, camelCase)
const payloadFacts: NewMessageFacts = {
  conversationId: sql`(e.v->'payload'->'message'->>'conversationId')`,
  ownerId: sql`(e.v->'payload'->'message'->>'ownerId')`,
  sendPush: sql`(e.v->'payload'->'message'->>'sendPush')::boolean`,
  type: sql`(e.v->'payload'->'message'->>'type')`,
};

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A copy fit for jsonb: PostgreSQL refuses a lone UTF-16 surrogate (which JSON.stringify writes as
 * an escape), while the same text as a plain parameter becomes U+FFFD; so does it here.
 */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(loneSurrogate, '\uFFFD');
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(wellFormed);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(loneSurrogate, '\uFFFD'), wellFormed(v)]));
}

/** Writes the notices something wants, in the caller's transaction; how many were written. */
export async function recordNotices(db: Queryable, notices: readonly Notice[], now: Date): Promise<number> {
  if (notices.length === 0) return 0;
  const rows = notices.map((n) => ({ type: n.type, conversation_id: n.conversationId, payload: wellFormed(n.payload) }));
  const written = await query<{ id: string }>(
    db,
    sql`INSERT INTO outbox_events (type, conversation_id, payload, created_at)
        SELECT e.v->>'type', e.v->>'conversation_id', e.v->'payload', ${now}::timestamp
          FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(v, n)
         WHERE CASE WHEN e.v->>'type' = 'message.new' THEN ${newMessageWantedSql(payloadFacts)}
                    ELSE ${webhookWantsSql(sql`(e.v->>'type')`)} END
         ORDER BY e.n
        RETURNING id::text`,
  );
  return written.length;
}
