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

/** The columns of each model that hold timestamps (JSON carries them as strings). */
const dateKeys = {
  conversation: ['lastMessageAt', 'createdAt', 'updatedAt'],
  member: ['joinedAt', 'leftAt', 'lastReadAt', 'mutedAt', 'mutedUntil', 'clearedAt', 'deletedAt', 'lastActivityAt'],
  message: ['pinnedAt', 'deletedAt', 'editedAt', 'createdAt', 'updatedAt'],
  user: ['lastSeenAt', 'createdAt', 'updatedAt'],
} as const;
const tables = { conversation, member, message, user };
export type Table = keyof typeof tables;

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

/** `json_build_object(...)` of a row in the model's shape, for rows nested in another query. */
export function jsonObject(table: Table, alias: string, extra: Record<string, Prisma.Sql> = {}): Prisma.Sql {
  const pairs = [
    ...Object.entries(tables[table]).map(([key, column]) => Prisma.raw(`'${key}', ${alias}.${column}`)),
    ...Object.entries(extra).map(([key, value]) => Prisma.sql`${Prisma.raw(`'${key}'`)}, ${value}`),
  ];
  return Prisma.sql`json_build_object(${Prisma.join(pairs, ', ')})`;
}

/** `json_build_array(...)` of a row: smaller and quicker to parse than an object, for long lists. */
export function jsonArray(table: Table, alias: string, extra: Record<string, Prisma.Sql> = {}): Prisma.Sql {
  const values = [
    ...Object.values(tables[table]).map((column) => Prisma.raw(`${alias}.${column}`)),
    ...Object.values(extra),
  ];
  return Prisma.sql`json_build_array(${Prisma.join(values, ', ')})`;
}

const dateFlags = Object.fromEntries(
  Object.entries(tables).map(([name, columns]) => [name, Object.keys(columns).map((key) => (dateKeys[name as Table] as readonly string[]).includes(key))]),
) as Record<Table, boolean[]>;

/** A row of jsonArray() in the model's shape; extra values follow the columns, under `extraKeys`. */
export function fromJsonArray<T>(table: Table, values: unknown[], extraKeys: string[] = ['user']): T {
  const keys = keysOf[table];
  const dates = dateFlags[table];
  const result: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const v = values[i];
    result[keys[i]!] = dates[i] && typeof v === 'string' ? new Date(v.endsWith('Z') ? v : `${v}Z`) : v;
  }
  for (let i = 0; i < extraKeys.length && keys.length + i < values.length; i++) result[extraKeys[i]!] = values[keys.length + i];
  return result as T;
}

/** A row of jsonObject() back in the model's shape: timestamps become Dates (stored as UTC). */
export function fromJson<T>(table: Table, value: Record<string, unknown>): T {
  for (const key of dateKeys[table]) {
    const v = value[key];
    if (typeof v === 'string') value[key] = new Date(v.endsWith('Z') ? v : `${v}Z`);
  }
  return value as T;
}

const keysOf = Object.fromEntries(Object.entries(tables).map(([name, columns]) => [name, Object.keys(columns)])) as Record<Table, string[]>;

/** Splits `{ prefix+key: value }` columns of a joined row back into an object of `table`. */
export function pick<T>(row: Record<string, unknown>, prefix: string, table: Table): T | null {
  const result: Record<string, unknown> = {};
  let any = false;
  for (const key of keysOf[table]) {
    const value = row[prefix + key];
    result[key] = value;
    if (value !== null && value !== undefined) any = true;
  }
  return any ? (result as T) : null;
}
