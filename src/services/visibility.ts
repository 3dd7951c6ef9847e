// SQL for "which messages may this user see", shared by every query that reads messages.
// The seq window of a conversation comes from access.ts; the per-message rules are here.
import { Prisma } from '../generated/prisma/client.ts';
import type { SeqWindow } from './access.ts';

/**
 * Per-message rules for user `userId` on messages aliased `m`: a message with recipients is seen by
 * them and its sender only; a message the user deleted from their copy is gone for them.
 */
export function visibleToUser(alias: string, userId: string): Prisma.Sql {
  const m = Prisma.raw(alias);
  return Prisma.sql`(cardinality(${m}.recipient_ids) = 0 OR ${m}.owner_id = ${userId} OR ${userId} = ANY(${m}.recipient_ids))
    AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = ${userId} AND h.message_id = ${m}.id)`;
}

export function inWindow(alias: string, window: SeqWindow): Prisma.Sql {
  const m = Prisma.raw(alias);
  return window.upTo === null
    ? Prisma.sql`${m}.seq > ${window.after}`
    : Prisma.sql`${m}.seq > ${window.after} AND ${m}.seq <= ${window.upTo}`;
}

/** Arrays for `unnest(...)`: one row per conversation with its window bounds. */
export function windowArrays(windows: { conversationId: string; window: SeqWindow }[]) {
  return {
    ids: windows.map((w) => w.conversationId),
    afters: windows.map((w) => w.window.after),
    // -1 stands for "no upper bound": unnest of a nullable int[] parameter is awkward on some drivers
    upTos: windows.map((w) => w.window.upTo ?? -1),
  };
}

/** The bound check for rows of `unnest(ids, afters, upTos) AS w(conversation_id, after_seq, up_to)`. */
export function inUnnestedWindow(alias: string): Prisma.Sql {
  const m = Prisma.raw(alias);
  return Prisma.sql`${m}.seq > w.after_seq AND (w.up_to < 0 OR ${m}.seq <= w.up_to)`;
}

/**
 * The same rules as visibleToUser and inWindow, for one message already in memory. The two must
 * agree; the property test of unread counts and lists exercises both.
 */
export function isVisibleTo(
  message: { seq: number; ownerId: string | null; recipientIds: string[] },
  userId: string,
  window: SeqWindow,
  hiddenByUser: boolean,
): boolean {
  if (message.seq <= window.after) return false;
  if (window.upTo !== null && message.seq > window.upTo) return false;
  if (hiddenByUser) return false;
  return message.recipientIds.length === 0 || message.ownerId === userId || message.recipientIds.includes(userId);
}
