// ADMIN messages: group changes are recorded in the conversation as messages whose attachment
// says what happened in a machine-readable way (Channelize's admin message format).
import type { Tx } from '../db/client.ts';
import type { Conversation } from '../generated/prisma/client.ts';
import { insertMessage } from '../sql/send.ts';
import type { Outbox } from '../db/transaction.ts';
import { publishMembersChanged, publishMessageWritten } from '../live/publish.ts';
import type { MemberChange } from '../live/pubsub.ts';
import { actorKindOf, userIdOf, type Viewer } from '../access/access.ts';

/** The machine-readable kinds of ADMIN messages (Channelize's admin message format). */
type AdminMessageType =
  | 'admin_group_create'
  | 'admin_group_add_members'
  | 'admin_group_remove_members'
  | 'admin_group_join'
  | 'admin_group_leave'
  | 'admin_group_make_admin'
  | 'admin_group_remove_admin'
  | 'admin_group_change_title'
  | 'admin_group_change_photo'
  | 'admin_group_change_owner'
  | 'admin_group_ban_members'
  | 'admin_group_unban_members'
  | 'admin_group_mute_members'
  | 'admin_group_unmute_members'
  | 'admin_group_freeze'
  | 'admin_group_unfreeze';

interface AdminEvent {
  type: AdminMessageType;
  /** who did it: a user, the app (the API key alone), or the server itself */
  actorId: Viewer;
  /** what it was done to */
  objType: 'group' | 'user' | 'users';
  /** the object's values: the new title, the users added, ... */
  objValues: string | string[] | null;
}

export async function postAdminMessage(
  tx: Tx,
  outbox: Outbox,
  conversation: Pick<Conversation, 'id' | 'readEvents'>,
  event: AdminEvent,
  now = new Date(),
) {
  // posted by the server: no one's send right is decided
  const result = await insertMessage(
    tx,
    conversation.id,
    {
      type: 'ADMIN',
      ownerId: userIdOf(event.actorId),
      attachments: [
        {
          type: 'admin',
          adminMessageType: event.type,
          metaData: {
            subId: userIdOf(event.actorId),
            subType: actorKindOf(event.actorId).toLowerCase(),
            objType: event.objType,
            objValues: event.objValues,
          },
        },
      ],
      // group changes are events, not conversation: they do not make the conversation unread
      updateUnreadCount: false,
      sendPushNotification: false,
    },
    { now, sender: null, outbox },
  );
  if (!result || 'refusal' in result) throw new Error(`conversation ${conversation.id} vanished while posting an ADMIN message`);
  publishMessageWritten(outbox, result.written);
  return result.message;
}

/** A group change leaves an ADMIN message in the history; a 1-to-1 has none. */
export async function recordGroupChange(
  tx: Tx,
  outbox: Outbox,
  conversation: Pick<Conversation, 'id' | 'readEvents' | 'isGroup'>,
  event: AdminEvent,
  now: Date,
): Promise<void> {
  if (conversation.isGroup) await postAdminMessage(tx, outbox, conversation, event, now);
}

/**
 * A change to who is in a group, or in what role: the live members event and its notifications,
 * then the ADMIN message that records it (groups only). In that order: the outbox publishes in
 * order, and a live stream must hear that its viewer left, was removed or was banned before it
 * hears of the message announcing it, which the viewer may no longer see. The other way round, a
 * departing member's `messageAdded` could deliver that message with the rights it held a moment
 * before (seen over Redis, where the feed's read of the message can finish before the members
 * event arrives).
 */
export async function announceMemberChange(
  tx: Tx,
  outbox: Outbox,
  conversation: Pick<Conversation, 'id' | 'readEvents' | 'isGroup'>,
  now: Date,
  change: {
    type: AdminMessageType;
    actor: Viewer;
    /** the user (one id) or users (a list) the change was done to, as the ADMIN message names them */
    subject: string | string[];
    change: MemberChange;
    /** whose membership changed, when more than the subject (an ownership handover demotes the old owner) */
    userIds?: string[];
  },
): Promise<void> {
  const { subject } = change;
  publishMembersChanged(
    outbox,
    conversation.id,
    change.change,
    change.userIds ?? (Array.isArray(subject) ? subject : [subject]),
    change.actor,
  );
  await recordGroupChange(
    tx,
    outbox,
    conversation,
    { type: change.type, actorId: change.actor, objType: Array.isArray(subject) ? 'users' : 'user', objValues: subject },
    now,
  );
}
