// The delivery queue of the notification outbox (src/notifications/worker.ts): taking events to
// turn into deliveries, who a new message may be pushed to, and claiming deliveries to attempt.
// Several instances share the work: one dispatcher at a time (an advisory lock), and deliveries
// claimed with FOR UPDATE SKIP LOCKED under a lease, so no attempt is made twice.
import { Prisma } from '../generated/prisma/client.ts';
import { query, type Queryable } from '../db/client.ts';
import { memberSeesMessageSql } from '../access/sql.ts';

const { sql } = Prisma;

// any fixed number: the dispatcher's advisory lock
const dispatchLock = 7_310_412_001;

export interface EventRow {
  id: string;
  type: string;
  conversationId: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The oldest events not yet dispatched, locked for this transaction; none when another instance
 * is dispatching (so events become deliveries in their order).
 */
export async function takeEventsToDispatch(tx: Queryable, limit: number): Promise<EventRow[]> {
  const [lock] = await query<{ locked: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${dispatchLock}::bigint) AS locked`);
  if (!lock?.locked) return [];
  return query<EventRow>(
    tx,
    sql`SELECT id::text, type, conversation_id AS "conversationId", payload, created_at AS "createdAt"
          FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT ${limit}`,
  );
}

interface PushTarget {
  userId: string;
  deviceId: string;
  kind: 'WEB_PUSH' | 'FCM' | 'APNS';
  /** the message mentions them */
  mentioned: boolean;
}

/**
 * The devices a new message may be pushed to: each active member other than the sender who sees
 * the message (the privacy model, compiled from access/rules.ts), is not connected, is not
 * watching the conversation, has push on (their member setting, else the conversation's
 * config.pushNotifications) and has not muted the conversation, unless the message mentions them.
 * The message itself must ask for push and not be the server's. Decided at dispatch, so who is
 * connected is who is connected now.
 */
export async function pushTargets(db: Queryable, messageId: string, now: Date): Promise<PushTarget[]> {
  return query<PushTarget>(
    db,
    sql`SELECT mb.user_id AS "userId", pd.id AS "deviceId", pd.kind::text AS kind,
               (mb.user_id = ANY (m.mentioned_user_ids)) AS mentioned
          FROM messages m
          JOIN conversations c ON c.id = m.conversation_id
          JOIN members mb ON mb.conversation_id = c.id AND mb.left_at IS NULL
          JOIN push_devices pd ON pd.user_id = mb.user_id
         WHERE m.id = ${messageId}
           AND m.send_push AND m.deleted_at IS NULL AND m.type <> 'ADMIN'
           AND mb.user_id IS DISTINCT FROM m.owner_id
           AND ${memberSeesMessageSql('c', 'mb', 'm', now)}
           AND COALESCE(mb.push_notifications, c.push_notifications)
           AND (NOT mb.mute OR mb.user_id = ANY (m.mentioned_user_ids))
           AND NOT EXISTS (SELECT 1 FROM connections x WHERE x.user_id = mb.user_id AND x.expires_at > ${now}::timestamp)
           AND NOT EXISTS (SELECT 1 FROM watchers w
                            WHERE w.conversation_id = c.id AND w.user_id = mb.user_id AND w.expires_at > ${now}::timestamp)
         ORDER BY mb.user_id, pd.id`,
  );
}

interface ClaimedDelivery {
  id: string;
  eventId: string;
  attempts: number;
  firstAttemptAt: Date;
}

/**
 * Claims up to `limit` deliveries that are due, under a lease until `leaseUntil`: not delivered or
 * given up, not being attempted by anyone (or their lease ran out: that instance died), to an
 * enabled webhook, and, for deliveries kept in order, with nothing older still pending for the
 * same webhook and conversation.
 */
export async function claimDeliveries(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  return query<ClaimedDelivery>(
    db,
    sql`WITH due AS (
          SELECT d.id FROM deliveries d
            LEFT JOIN webhooks w ON w.id = d.webhook_id
           WHERE d.state = 'PENDING' AND d.next_attempt_at <= ${now}::timestamp
             AND (d.leased_until IS NULL OR d.leased_until <= ${now}::timestamp)
             AND (d.webhook_id IS NULL OR w.enabled)
             AND (d.order_key IS NULL OR NOT EXISTS (
                   SELECT 1 FROM deliveries e
                    WHERE e.webhook_id = d.webhook_id AND e.order_key = d.order_key
                      AND e.state = 'PENDING' AND e.event_id < d.event_id))
           ORDER BY d.event_id, d.id
           LIMIT ${limit}
             FOR UPDATE OF d SKIP LOCKED
        )
        UPDATE deliveries
           SET attempts = deliveries.attempts + 1, leased_until = ${leaseUntil}::timestamp,
               last_attempt_at = ${now}::timestamp, first_attempt_at = COALESCE(deliveries.first_attempt_at, ${now}::timestamp)
          FROM due WHERE deliveries.id = due.id
        RETURNING deliveries.id::text, deliveries.event_id::text AS "eventId", deliveries.attempts,
                  deliveries.first_attempt_at AS "firstAttemptAt"`,
  );
}

export async function hasUndispatchedEvents(db: Queryable): Promise<boolean> {
  const [row] = await query<{ waiting: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM outbox_events WHERE dispatched_at IS NULL) AS waiting`,
  );
  return row?.waiting ?? false;
}

/** How many deliveries wait (due or not) and events wait to be dispatched: for the metrics. */
export async function pendingCounts(db: Queryable): Promise<{ deliveries: number; events: number }> {
  const [row] = await query<{ deliveries: number; events: number }>(
    db,
    sql`SELECT (SELECT count(*) FROM deliveries WHERE state = 'PENDING')::int AS deliveries,
               (SELECT count(*) FROM outbox_events WHERE dispatched_at IS NULL)::int AS events`,
  );
  return row ?? { deliveries: 0, events: 0 };
}
