// Column lists for hand-written SQL that returns whole rows in the shape Prisma's models have
// (camelCase keys, enums as strings), so rows from raw queries and from the client are
// interchangeable and can prime the same loaders.
import { Prisma } from '../generated/prisma/client.ts';

const conversation: Record<string, string> = {
  id: 'id',
  type: 'type::text',
  isGroup: 'is_group',
  title: 'title',
  profileImageUrl: 'profile_image_url',
  customType: 'custom_type',
  ownerId: 'owner_id',
  typingEvents: 'typing_events',
  readEvents: 'read_events',
  pushNotifications: 'push_notifications',
  pinMessages: 'pin_messages',
  metaData: 'meta_data',
  tags: 'tags',
  category: 'category',
  subcategory: 'subcategory',
  distinctKey: 'distinct_key',
  isFrozen: 'is_frozen',
  invitationCode: 'invitation_code',
  hideMessagesBeforeJoin: 'hide_messages_before_join',
  maxMemberCount: 'max_member_count',
  rateLimit: 'rate_limit',
  rateLimitWindow: 'rate_limit_window',
  flagLimit: 'flag_limit',
  lastSeq: 'last_seq',
  memberCount: 'member_count',
  lastMessageAt: 'last_message_at',
  inputHash: 'input_hash',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const member: Record<string, string> = {
  id: 'id',
  conversationId: 'conversation_id',
  userId: 'user_id',
  role: 'role::text',
  joinedAt: 'joined_at',
  joinSeq: 'join_seq',
  leftAt: 'left_at',
  leftSeq: 'left_seq',
  lastReadAt: 'last_read_at',
  lastReadSeq: 'last_read_seq',
  mute: 'mute',
  mutedAt: 'muted_at',
  mutedUntil: 'muted_until',
  pushNotifications: 'push_notifications',
  clearedAt: 'cleared_at',
  clearedSeq: 'cleared_seq',
  deletedAt: 'deleted_at',
  lastActivityAt: 'last_activity_at',
};

const message: Record<string, string> = {
  id: 'id',
  conversationId: 'conversation_id',
  seq: 'seq',
  type: 'type::text',
  customType: 'custom_type',
  body: 'body',
  ownerId: 'owner_id',
  parentId: 'parent_id',
  replyCount: 'reply_count',
  showInConversation: 'show_in_conversation',
  recipientIds: 'recipient_ids',
  mentionedUsers: 'mentioned_users',
  mentionedUserIds: 'mentioned_user_ids',
  attachments: 'attachments',
  attachmentTypes: 'attachment_types',
  metaData: 'meta_data',
  encrypted: 'encrypted',
  pinnedAt: 'pinned_at',
  pinnedById: 'pinned_by_id',
  forwardedFromId: 'forwarded_from_id',
  deletedAt: 'deleted_at',
  editedAt: 'edited_at',
  flagCount: 'flag_count',
  reactionCounts: 'reaction_counts',
  countsUnread: 'counts_unread',
  trackReads: 'track_reads',
  sendPush: 'send_push',
  inputHash: 'input_hash',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

const user: Record<string, string> = {
  id: 'id',
  displayName: 'display_name',
  profileImageUrl: 'profile_image_url',
  metaData: 'meta_data',
  lastSeenAt: 'last_seen_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

function select(columns: Record<string, string>, alias: string, prefix = ''): Prisma.Sql {
  return Prisma.raw(
    Object.entries(columns)
      .map(([key, column]) => `${alias}.${column} AS "${prefix}${key}"`)
      .join(', '),
  );
}

export const conversationColumns = (alias: string, prefix = '') => select(conversation, alias, prefix);
export const memberColumns = (alias: string, prefix = '') => select(member, alias, prefix);
export const messageColumns = (alias: string, prefix = '') => select(message, alias, prefix);
export const userColumns = (alias: string, prefix = '') => select(user, alias, prefix);

/** Splits `{ prefix+key: value }` columns of a joined row back into an object. */
export function pick<T>(row: Record<string, unknown>, prefix: string): T | null {
  const result: Record<string, unknown> = {};
  let any = false;
  for (const [key, value] of Object.entries(row)) {
    if (!key.startsWith(prefix)) continue;
    result[key.slice(prefix.length)] = value;
    if (value !== null) any = true;
  }
  return any ? (result as T) : null;
}

/** The columns of a joined row that carry no prefix (the main table's). */
export function unprefixed<T>(row: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(row).filter(([key]) => !key.includes('.'))) as T;
}
