// ADMIN messages: group changes are recorded in the conversation as messages whose attachment
// says what happened in a machine-readable way (Channelize's admin message format).
import type { Tx } from '../db/client.ts';
import type { Conversation } from '../generated/prisma/client.ts';
import { insertMessage } from '../sql/send.ts';
import type { Outbox } from '../db/transaction.ts';
import { publishMessageWritten } from '../live/publish.ts';
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
