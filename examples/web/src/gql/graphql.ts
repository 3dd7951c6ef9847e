/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Flat, as the reference document shows: `type` and that kind's keys; your own keys go in `extra`. */
export type AttachmentInput = {
  address?: string | null | undefined;
  /** ADMIN messages (API key) only. */
  adminMessageType?: string | null | undefined;
  customType?: string | null | undefined;
  downsampledUrl?: string | null | undefined;
  extension?: string | null | undefined;
  extra?: unknown;
  /** An upload of yours (uploadFile), instead of fileUrl. */
  fileId?: string | number | null | undefined;
  fileUrl?: string | null | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
  metaData?: unknown;
  mimeType?: string | null | undefined;
  name?: string | null | undefined;
  originalUrl?: string | null | undefined;
  /** bytes */
  size?: number | null | undefined;
  stillUrl?: string | null | undefined;
  text?: string | null | undefined;
  thumbnailUrl?: string | null | undefined;
  title?: string | null | undefined;
  /** image, audio, video, document, location, gif, sticker, text, or your own */
  type: string;
};

export type ConversationConfigInput = {
  pinMessages?: boolean | null | undefined;
  pushNotifications?: boolean | null | undefined;
  readEvents?: boolean | null | undefined;
  typingEvents?: boolean | null | undefined;
};

export type ConversationType =
  | 'OPEN'
  | 'PRIVATE'
  | 'PUBLIC';

export type CreateConversationInput = {
  category?: string | null | undefined;
  config?: ConversationConfigInput | null | undefined;
  /** API key only. */
  createdAt?: string | null | undefined;
  customType?: string | null | undefined;
  /** A message flagged by this many users is deleted for everyone. */
  flagLimit?: number | null | undefined;
  hideMessagesBeforeJoin?: boolean | null | undefined;
  /** Your own id for the conversation: creating again with it is idempotent. */
  id?: string | number | null | undefined;
  /** Reuse the group that has exactly these members, if there is one. */
  isDistinct?: boolean | null | undefined;
  /** false: a private 1-to-1 with exactly one other member. Default true. */
  isGroup?: boolean | null | undefined;
  maxMemberCount?: number | null | undefined;
  /** The other members; you are added as the owner. The app (API key alone): the members, the first owns it unless ownerId says. */
  memberIds?: Array<string | number> | null | undefined;
  metaData?: unknown;
  /** The app only (API key without x-user-id): who owns it. Default: the first of memberIds. A user always owns what they create. */
  ownerId?: string | number | null | undefined;
  /** The app only: its own data (TalkPlus privateData), never shown to users. */
  privateData?: unknown;
  /** The app only: its own tag (TalkPlus privateTag), never shown to users. */
  privateTag?: string | null | undefined;
  profileImageUrl?: string | null | undefined;
  /** Slow mode: messages per rateLimitWindow seconds per member. */
  rateLimit?: number | null | undefined;
  rateLimitWindow?: number | null | undefined;
  subcategory?: string | null | undefined;
  tags?: Array<string> | null | undefined;
  /** Required for groups. */
  title?: string | null | undefined;
  /** Default PRIVATE. */
  type?: ConversationType | null | undefined;
};

export type MentionInput = {
  order: number;
  userId: string | number;
  wordCount: number;
};

export type MessageEventsInput = {
  /** Default true. */
  sendPushNotification?: boolean | null | undefined;
  /** Default true. false: the message does not count as unread. */
  updateUnreadCount?: boolean | null | undefined;
};

export type MessageType =
  | 'ADMIN'
  | 'FORWARD'
  | 'NORMAL'
  | 'REPLY';

export type SendMessageInput = {
  attachments?: Array<AttachmentInput> | null | undefined;
  body?: string | null | undefined;
  /** Either this, or userId. */
  conversationId?: string | number | null | undefined;
  /** API key only. */
  createdAt?: string | null | undefined;
  customType?: string | null | undefined;
  encrypted?: boolean | null | undefined;
  events?: MessageEventsInput | null | undefined;
  /** type FORWARD (Channelize's send type forward): the message this one forwards, which you must be able to read; its content is copied when you give no body or attachments. forwardMessages copies many at once. */
  forwardedFromId?: string | number | null | undefined;
  /** Your own id for the message: sending again with it is idempotent. */
  id?: string | number | null | undefined;
  mentionedUsers?: Array<MentionInput> | null | undefined;
  metaData?: unknown;
  /** Reply to this message (same conversation). */
  parentId?: string | number | null | undefined;
  /** Only these members (and you) will see the message. */
  recipientIds?: Array<string | number> | null | undefined;
  /** Default true. */
  showInConversation?: boolean | null | undefined;
  /** NORMAL (default), REPLY (with parentId), ADMIN (API key only). */
  type?: MessageType | null | undefined;
  /** Send to the 1-to-1 with this user (made if needed). */
  userId?: string | number | null | undefined;
};

export type InboxRowFragment = { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
      | { type: string }
      | { type: string }
      | { type: string }
      | { type: string }
      | { type: string }
      | { type: string }
    >, owner: { id: string, displayName: string } | null } | null };

export type ShownMessageFragment = { id: string, seq: number, cursor: string, type: MessageType, body: string | null, createdAt: string, isDeleted: boolean, readCount: number | null, viewerReactions: Array<string>, owner: { id: string, displayName: string } | null, reactionCounts: Array<{ type: string, count: number }>, attachments: Array<
    | { __typename: 'AdminAttachment', adminMessageType: string, type: string }
    | { __typename: 'CustomAttachment', type: string }
    | { __typename: 'FileAttachment', fileId: string | null, fileUrl: string, thumbnailUrl: string | null, name: string | null, mimeType: string | null, type: string }
    | { __typename: 'GifAttachment', type: string }
    | { __typename: 'LocationAttachment', type: string }
    | { __typename: 'TextAttachment', type: string }
  > };

export type WebInboxQueryVariables = Exact<{ [key: string]: never; }>;


export type WebInboxQuery = { viewer: { id: string, displayName: string, unreadMessageCount: number | null }, conversations: { edges: Array<{ node: { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
          >, owner: { id: string, displayName: string } | null } | null } }> } };

export type WebViewerEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type WebViewerEventsSubscription = { viewerEvents:
    | { __typename: 'ConversationAdded', totalUnreadMessageCount: number, conversation: { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
          >, owner: { id: string, displayName: string } | null } | null } }
    | { __typename: 'ConversationChanged', totalUnreadMessageCount: number, conversation: { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
          >, owner: { id: string, displayName: string } | null } | null } }
    | { __typename: 'ConversationRemoved', totalUnreadMessageCount: number, conversationId: string, keptConversation: { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
          >, owner: { id: string, displayName: string } | null } | null } | null }
    | { __typename: 'NewMessage', totalUnreadMessageCount: number, conversation: { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
          >, owner: { id: string, displayName: string } | null } | null } }
    | { __typename: 'UnreadCountChanged', totalUnreadMessageCount: number, conversation: { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
            | { type: string }
          >, owner: { id: string, displayName: string } | null } | null } }
   };

export type WebHistoryQueryVariables = Exact<{
  id: string | number;
}>;


export type WebHistoryQuery = { conversation: { id: string, title: string | null, config: { typingEvents: boolean, readEvents: boolean } | null } | null, messages: { edges: Array<{ cursor: string, node: { id: string, seq: number, cursor: string, type: MessageType, body: string | null, createdAt: string, isDeleted: boolean, readCount: number | null, viewerReactions: Array<string>, owner: { id: string, displayName: string } | null, reactionCounts: Array<{ type: string, count: number }>, attachments: Array<
          | { __typename: 'AdminAttachment', adminMessageType: string, type: string }
          | { __typename: 'CustomAttachment', type: string }
          | { __typename: 'FileAttachment', fileId: string | null, fileUrl: string, thumbnailUrl: string | null, name: string | null, mimeType: string | null, type: string }
          | { __typename: 'GifAttachment', type: string }
          | { __typename: 'LocationAttachment', type: string }
          | { __typename: 'TextAttachment', type: string }
        > } }> } };

export type WebMessageAddedSubscriptionVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type WebMessageAddedSubscription = { messageAdded: { id: string, seq: number, cursor: string, type: MessageType, body: string | null, createdAt: string, isDeleted: boolean, readCount: number | null, viewerReactions: Array<string>, owner: { id: string, displayName: string } | null, reactionCounts: Array<{ type: string, count: number }>, attachments: Array<
      | { __typename: 'AdminAttachment', adminMessageType: string, type: string }
      | { __typename: 'CustomAttachment', type: string }
      | { __typename: 'FileAttachment', fileId: string | null, fileUrl: string, thumbnailUrl: string | null, name: string | null, mimeType: string | null, type: string }
      | { __typename: 'GifAttachment', type: string }
      | { __typename: 'LocationAttachment', type: string }
      | { __typename: 'TextAttachment', type: string }
    > } };

export type WebConversationEventsSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type WebConversationEventsSubscription = { conversationEvents:
    | { __typename: 'ConversationUpdated' }
    | { __typename: 'MemberInfoChanged' }
    | { __typename: 'MemberRolesChanged' }
    | { __typename: 'MembersAdded' }
    | { __typename: 'MembersBanned' }
    | { __typename: 'MembersMuted' }
    | { __typename: 'MembersRemoved' }
    | { __typename: 'MembersUnbanned' }
    | { __typename: 'MembersUnmuted' }
    | { __typename: 'MessageDeleted', message: { id: string, seq: number, cursor: string, type: MessageType, body: string | null, createdAt: string, isDeleted: boolean, readCount: number | null, viewerReactions: Array<string>, owner: { id: string, displayName: string } | null, reactionCounts: Array<{ type: string, count: number }>, attachments: Array<
          | { __typename: 'AdminAttachment', adminMessageType: string, type: string }
          | { __typename: 'CustomAttachment', type: string }
          | { __typename: 'FileAttachment', fileId: string | null, fileUrl: string, thumbnailUrl: string | null, name: string | null, mimeType: string | null, type: string }
          | { __typename: 'GifAttachment', type: string }
          | { __typename: 'LocationAttachment', type: string }
          | { __typename: 'TextAttachment', type: string }
        > } }
    | { __typename: 'MessageEdited', message: { id: string, seq: number, cursor: string, type: MessageType, body: string | null, createdAt: string, isDeleted: boolean, readCount: number | null, viewerReactions: Array<string>, owner: { id: string, displayName: string } | null, reactionCounts: Array<{ type: string, count: number }>, attachments: Array<
          | { __typename: 'AdminAttachment', adminMessageType: string, type: string }
          | { __typename: 'CustomAttachment', type: string }
          | { __typename: 'FileAttachment', fileId: string | null, fileUrl: string, thumbnailUrl: string | null, name: string | null, mimeType: string | null, type: string }
          | { __typename: 'GifAttachment', type: string }
          | { __typename: 'LocationAttachment', type: string }
          | { __typename: 'TextAttachment', type: string }
        > } }
    | { __typename: 'MessagePinned' }
    | { __typename: 'MessageUnpinned' }
    | { __typename: 'MessagesRead', messages: Array<{ id: string, readCount: number | null }> }
    | { __typename: 'ReactionsChanged', message: { id: string }, reactionCounts: Array<{ type: string, count: number }> }
    | { __typename: 'Typing', isTyping: boolean, expiresAt: string | null, user: { id: string, displayName: string } | null }
   };

export type WebCreateConversationMutationVariables = Exact<{
  input: CreateConversationInput;
}>;


export type WebCreateConversationMutation = { createConversation: { id: string, title: string | null, isGroup: boolean, isActive: boolean, unreadMessageCount: number, updatedAt: string, lastMessage: { id: string, body: string | null, createdAt: string, attachments: Array<
        | { type: string }
        | { type: string }
        | { type: string }
        | { type: string }
        | { type: string }
        | { type: string }
      >, owner: { id: string, displayName: string } | null } | null } };

export type WebSendMutationVariables = Exact<{
  input: SendMessageInput;
}>;


export type WebSendMutation = { sendMessage: { id: string, seq: number, cursor: string, type: MessageType, body: string | null, createdAt: string, isDeleted: boolean, readCount: number | null, viewerReactions: Array<string>, owner: { id: string, displayName: string } | null, reactionCounts: Array<{ type: string, count: number }>, attachments: Array<
      | { __typename: 'AdminAttachment', adminMessageType: string, type: string }
      | { __typename: 'CustomAttachment', type: string }
      | { __typename: 'FileAttachment', fileId: string | null, fileUrl: string, thumbnailUrl: string | null, name: string | null, mimeType: string | null, type: string }
      | { __typename: 'GifAttachment', type: string }
      | { __typename: 'LocationAttachment', type: string }
      | { __typename: 'TextAttachment', type: string }
    > } };

export type WebUploadMutationVariables = Exact<{
  file: unknown;
}>;


export type WebUploadMutation = { uploadFile: { id: string, url: string, thumbnailUrl: string | null, contentType: string, size: number, name: string | null, width: number | null, height: number | null } };

export type WebAddReactionMutationVariables = Exact<{
  id: string | number;
  type: string;
}>;


export type WebAddReactionMutation = { addReaction: { id: string, viewerReactions: Array<string>, reactionCounts: Array<{ type: string, count: number }> } };

export type WebRemoveReactionMutationVariables = Exact<{
  id: string | number;
  type: string;
}>;


export type WebRemoveReactionMutation = { removeReaction: { id: string, viewerReactions: Array<string>, reactionCounts: Array<{ type: string, count: number }> } };

export type WebTypingMutationVariables = Exact<{
  id: string | number;
  isTyping: boolean;
}>;


export type WebTypingMutation = { sendTypingEvent: boolean };

export type WebMarkReadMutationVariables = Exact<{
  id: string | number;
}>;


export type WebMarkReadMutation = { markConversationRead: { id: string, unreadMessageCount: number } };

export const InboxRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboxRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"isGroup"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"unreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<InboxRowFragment, unknown>;
export const ShownMessageFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ShownMessage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"isDeleted"}},{"kind":"Field","name":{"kind":"Name","value":"readCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerReactions"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"fileUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mimeType"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AdminAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminMessageType"}}]}}]}}]}}]} as unknown as DocumentNode<ShownMessageFragment, unknown>;
export const WebInboxDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebInbox"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"unreadMessageCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conversations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboxRow"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboxRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"isGroup"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"unreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebInboxQuery, WebInboxQueryVariables>;
export const WebViewerEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebViewerEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewerEvents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationAdded"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalUnreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboxRow"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"NewMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalUnreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboxRow"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"UnreadCountChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalUnreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboxRow"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalUnreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboxRow"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationRemoved"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalUnreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"keptConversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboxRow"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboxRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"isGroup"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"unreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebViewerEventsSubscription, WebViewerEventsSubscriptionVariables>;
export const WebHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"config"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"typingEvents"}},{"kind":"Field","name":{"kind":"Name","value":"readEvents"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conversationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"CREATED_AT_ASC"}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ShownMessage"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ShownMessage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"isDeleted"}},{"kind":"Field","name":{"kind":"Name","value":"readCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerReactions"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"fileUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mimeType"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AdminAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminMessageType"}}]}}]}}]}}]} as unknown as DocumentNode<WebHistoryQuery, WebHistoryQueryVariables>;
export const WebMessageAddedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebMessageAdded"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageAdded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conversationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ShownMessage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ShownMessage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"isDeleted"}},{"kind":"Field","name":{"kind":"Name","value":"readCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerReactions"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"fileUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mimeType"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AdminAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminMessageType"}}]}}]}}]}}]} as unknown as DocumentNode<WebMessageAddedSubscription, WebMessageAddedSubscriptionVariables>;
export const WebConversationEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebConversationEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversationEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conversationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ReactionsChanged"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Typing"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isTyping"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessagesRead"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"readCount"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageEdited"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ShownMessage"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageDeleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ShownMessage"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ShownMessage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"isDeleted"}},{"kind":"Field","name":{"kind":"Name","value":"readCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerReactions"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"fileUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mimeType"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AdminAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminMessageType"}}]}}]}}]}}]} as unknown as DocumentNode<WebConversationEventsSubscription, WebConversationEventsSubscriptionVariables>;
export const WebCreateConversationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebCreateConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateConversationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"InboxRow"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"InboxRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"isGroup"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"unreadMessageCount"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<WebCreateConversationMutation, WebCreateConversationMutationVariables>;
export const WebSendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebSend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ShownMessage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ShownMessage"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"isDeleted"}},{"kind":"Field","name":{"kind":"Name","value":"readCount"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerReactions"}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"FileAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fileId"}},{"kind":"Field","name":{"kind":"Name","value":"fileUrl"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"mimeType"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AdminAttachment"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminMessageType"}}]}}]}}]}}]} as unknown as DocumentNode<WebSendMutation, WebSendMutationVariables>;
export const WebUploadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebUpload"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"File"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uploadFile"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnailUrl"}},{"kind":"Field","name":{"kind":"Name","value":"contentType"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}}]}}]} as unknown as DocumentNode<WebUploadMutation, WebUploadMutationVariables>;
export const WebAddReactionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebAddReaction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addReaction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"messageId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerReactions"}}]}}]}}]} as unknown as DocumentNode<WebAddReactionMutation, WebAddReactionMutationVariables>;
export const WebRemoveReactionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebRemoveReaction"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"removeReaction"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"messageId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"type"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reactionCounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"viewerReactions"}}]}}]}}]} as unknown as DocumentNode<WebRemoveReactionMutation, WebRemoveReactionMutationVariables>;
export const WebTypingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebTyping"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"isTyping"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendTypingEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conversationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"isTyping"},"value":{"kind":"Variable","name":{"kind":"Name","value":"isTyping"}}}]}]}}]} as unknown as DocumentNode<WebTypingMutation, WebTypingMutationVariables>;
export const WebMarkReadDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebMarkRead"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"markConversationRead"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conversationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"unreadMessageCount"}}]}}]}}]} as unknown as DocumentNode<WebMarkReadMutation, WebMarkReadMutationVariables>;