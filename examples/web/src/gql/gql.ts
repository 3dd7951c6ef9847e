/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment InboxRow on Conversation {\n    id\n    title\n    isGroup\n    isActive\n    unreadMessageCount\n    updatedAt\n    lastMessage {\n      id\n      body\n      createdAt\n      attachments {\n        type\n      }\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n": typeof types.InboxRowFragmentDoc,
    "\n  fragment ShownMessage on Message {\n    id\n    seq\n    cursor\n    type\n    body\n    createdAt\n    isDeleted\n    readCount\n    owner {\n      id\n      displayName\n    }\n    reactionCounts {\n      type\n      count\n    }\n    viewerReactions\n    attachments {\n      __typename\n      type\n      ... on FileAttachment {\n        fileId\n        fileUrl\n        thumbnailUrl\n        name\n        mimeType\n      }\n      ... on AdminAttachment {\n        adminMessageType\n      }\n    }\n  }\n": typeof types.ShownMessageFragmentDoc,
    "\n  query WebInbox {\n    viewer {\n      id\n      displayName\n      unreadMessageCount\n    }\n    conversations(first: 50) {\n      edges {\n        node {\n          ...InboxRow\n        }\n      }\n    }\n  }\n": typeof types.WebInboxDocument,
    "\n  subscription WebViewerEvents {\n    viewerEvents {\n      __typename\n      ... on ConversationAdded {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on NewMessage {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on UnreadCountChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationRemoved {\n        totalUnreadMessageCount\n        conversationId\n        keptConversation {\n          ...InboxRow\n        }\n      }\n    }\n  }\n": typeof types.WebViewerEventsDocument,
    "\n  query WebHistory($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, last: 50) {\n      edges {\n        cursor\n        node {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n": typeof types.WebHistoryDocument,
    "\n  subscription WebMessageAdded($id: ID!, $after: String) {\n    messageAdded(conversationId: $id, after: $after) {\n      ...ShownMessage\n    }\n  }\n": typeof types.WebMessageAddedDocument,
    "\n  subscription WebConversationEvents($id: ID!) {\n    conversationEvents(conversationId: $id) {\n      __typename\n      ... on ReactionsChanged {\n        message {\n          id\n        }\n        reactionCounts {\n          type\n          count\n        }\n      }\n      ... on Typing {\n        isTyping\n        expiresAt\n        user {\n          id\n          displayName\n        }\n      }\n      ... on MessagesRead {\n        messages {\n          id\n          readCount\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...ShownMessage\n        }\n      }\n      ... on MessageDeleted {\n        message {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n": typeof types.WebConversationEventsDocument,
    "\n  mutation WebCreateConversation($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      ...InboxRow\n    }\n  }\n": typeof types.WebCreateConversationDocument,
    "\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...ShownMessage\n    }\n  }\n": typeof types.WebSendDocument,
    "\n  mutation WebUpload($file: File!) {\n    uploadFile(file: $file) {\n      id\n      url\n      thumbnailUrl\n      contentType\n      size\n      name\n      width\n      height\n    }\n  }\n": typeof types.WebUploadDocument,
    "\n  mutation WebAddReaction($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n": typeof types.WebAddReactionDocument,
    "\n  mutation WebRemoveReaction($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n": typeof types.WebRemoveReactionDocument,
    "\n  mutation WebTyping($id: ID!, $isTyping: Boolean!) {\n    sendTypingEvent(conversationId: $id, isTyping: $isTyping)\n  }\n": typeof types.WebTypingDocument,
    "\n  mutation WebMarkRead($id: ID!) {\n    markConversationRead(conversationId: $id) {\n      id\n      unreadMessageCount\n    }\n  }\n": typeof types.WebMarkReadDocument,
};
const documents: Documents = {
    "\n  fragment InboxRow on Conversation {\n    id\n    title\n    isGroup\n    isActive\n    unreadMessageCount\n    updatedAt\n    lastMessage {\n      id\n      body\n      createdAt\n      attachments {\n        type\n      }\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n": types.InboxRowFragmentDoc,
    "\n  fragment ShownMessage on Message {\n    id\n    seq\n    cursor\n    type\n    body\n    createdAt\n    isDeleted\n    readCount\n    owner {\n      id\n      displayName\n    }\n    reactionCounts {\n      type\n      count\n    }\n    viewerReactions\n    attachments {\n      __typename\n      type\n      ... on FileAttachment {\n        fileId\n        fileUrl\n        thumbnailUrl\n        name\n        mimeType\n      }\n      ... on AdminAttachment {\n        adminMessageType\n      }\n    }\n  }\n": types.ShownMessageFragmentDoc,
    "\n  query WebInbox {\n    viewer {\n      id\n      displayName\n      unreadMessageCount\n    }\n    conversations(first: 50) {\n      edges {\n        node {\n          ...InboxRow\n        }\n      }\n    }\n  }\n": types.WebInboxDocument,
    "\n  subscription WebViewerEvents {\n    viewerEvents {\n      __typename\n      ... on ConversationAdded {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on NewMessage {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on UnreadCountChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationRemoved {\n        totalUnreadMessageCount\n        conversationId\n        keptConversation {\n          ...InboxRow\n        }\n      }\n    }\n  }\n": types.WebViewerEventsDocument,
    "\n  query WebHistory($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, last: 50) {\n      edges {\n        cursor\n        node {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n": types.WebHistoryDocument,
    "\n  subscription WebMessageAdded($id: ID!, $after: String) {\n    messageAdded(conversationId: $id, after: $after) {\n      ...ShownMessage\n    }\n  }\n": types.WebMessageAddedDocument,
    "\n  subscription WebConversationEvents($id: ID!) {\n    conversationEvents(conversationId: $id) {\n      __typename\n      ... on ReactionsChanged {\n        message {\n          id\n        }\n        reactionCounts {\n          type\n          count\n        }\n      }\n      ... on Typing {\n        isTyping\n        expiresAt\n        user {\n          id\n          displayName\n        }\n      }\n      ... on MessagesRead {\n        messages {\n          id\n          readCount\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...ShownMessage\n        }\n      }\n      ... on MessageDeleted {\n        message {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n": types.WebConversationEventsDocument,
    "\n  mutation WebCreateConversation($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      ...InboxRow\n    }\n  }\n": types.WebCreateConversationDocument,
    "\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...ShownMessage\n    }\n  }\n": types.WebSendDocument,
    "\n  mutation WebUpload($file: File!) {\n    uploadFile(file: $file) {\n      id\n      url\n      thumbnailUrl\n      contentType\n      size\n      name\n      width\n      height\n    }\n  }\n": types.WebUploadDocument,
    "\n  mutation WebAddReaction($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n": types.WebAddReactionDocument,
    "\n  mutation WebRemoveReaction($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n": types.WebRemoveReactionDocument,
    "\n  mutation WebTyping($id: ID!, $isTyping: Boolean!) {\n    sendTypingEvent(conversationId: $id, isTyping: $isTyping)\n  }\n": types.WebTypingDocument,
    "\n  mutation WebMarkRead($id: ID!) {\n    markConversationRead(conversationId: $id) {\n      id\n      unreadMessageCount\n    }\n  }\n": types.WebMarkReadDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboxRow on Conversation {\n    id\n    title\n    isGroup\n    isActive\n    unreadMessageCount\n    updatedAt\n    lastMessage {\n      id\n      body\n      createdAt\n      attachments {\n        type\n      }\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment InboxRow on Conversation {\n    id\n    title\n    isGroup\n    isActive\n    unreadMessageCount\n    updatedAt\n    lastMessage {\n      id\n      body\n      createdAt\n      attachments {\n        type\n      }\n      owner {\n        id\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ShownMessage on Message {\n    id\n    seq\n    cursor\n    type\n    body\n    createdAt\n    isDeleted\n    readCount\n    owner {\n      id\n      displayName\n    }\n    reactionCounts {\n      type\n      count\n    }\n    viewerReactions\n    attachments {\n      __typename\n      type\n      ... on FileAttachment {\n        fileId\n        fileUrl\n        thumbnailUrl\n        name\n        mimeType\n      }\n      ... on AdminAttachment {\n        adminMessageType\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ShownMessage on Message {\n    id\n    seq\n    cursor\n    type\n    body\n    createdAt\n    isDeleted\n    readCount\n    owner {\n      id\n      displayName\n    }\n    reactionCounts {\n      type\n      count\n    }\n    viewerReactions\n    attachments {\n      __typename\n      type\n      ... on FileAttachment {\n        fileId\n        fileUrl\n        thumbnailUrl\n        name\n        mimeType\n      }\n      ... on AdminAttachment {\n        adminMessageType\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebInbox {\n    viewer {\n      id\n      displayName\n      unreadMessageCount\n    }\n    conversations(first: 50) {\n      edges {\n        node {\n          ...InboxRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebInbox {\n    viewer {\n      id\n      displayName\n      unreadMessageCount\n    }\n    conversations(first: 50) {\n      edges {\n        node {\n          ...InboxRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebViewerEvents {\n    viewerEvents {\n      __typename\n      ... on ConversationAdded {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on NewMessage {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on UnreadCountChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationRemoved {\n        totalUnreadMessageCount\n        conversationId\n        keptConversation {\n          ...InboxRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription WebViewerEvents {\n    viewerEvents {\n      __typename\n      ... on ConversationAdded {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on NewMessage {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on UnreadCountChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationChanged {\n        totalUnreadMessageCount\n        conversation {\n          ...InboxRow\n        }\n      }\n      ... on ConversationRemoved {\n        totalUnreadMessageCount\n        conversationId\n        keptConversation {\n          ...InboxRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebHistory($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, last: 50) {\n      edges {\n        cursor\n        node {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebHistory($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, last: 50) {\n      edges {\n        cursor\n        node {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebMessageAdded($id: ID!, $after: String) {\n    messageAdded(conversationId: $id, after: $after) {\n      ...ShownMessage\n    }\n  }\n"): (typeof documents)["\n  subscription WebMessageAdded($id: ID!, $after: String) {\n    messageAdded(conversationId: $id, after: $after) {\n      ...ShownMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WebConversationEvents($id: ID!) {\n    conversationEvents(conversationId: $id) {\n      __typename\n      ... on ReactionsChanged {\n        message {\n          id\n        }\n        reactionCounts {\n          type\n          count\n        }\n      }\n      ... on Typing {\n        isTyping\n        expiresAt\n        user {\n          id\n          displayName\n        }\n      }\n      ... on MessagesRead {\n        messages {\n          id\n          readCount\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...ShownMessage\n        }\n      }\n      ... on MessageDeleted {\n        message {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription WebConversationEvents($id: ID!) {\n    conversationEvents(conversationId: $id) {\n      __typename\n      ... on ReactionsChanged {\n        message {\n          id\n        }\n        reactionCounts {\n          type\n          count\n        }\n      }\n      ... on Typing {\n        isTyping\n        expiresAt\n        user {\n          id\n          displayName\n        }\n      }\n      ... on MessagesRead {\n        messages {\n          id\n          readCount\n        }\n      }\n      ... on MessageEdited {\n        message {\n          ...ShownMessage\n        }\n      }\n      ... on MessageDeleted {\n        message {\n          ...ShownMessage\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebCreateConversation($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      ...InboxRow\n    }\n  }\n"): (typeof documents)["\n  mutation WebCreateConversation($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      ...InboxRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...ShownMessage\n    }\n  }\n"): (typeof documents)["\n  mutation WebSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      ...ShownMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebUpload($file: File!) {\n    uploadFile(file: $file) {\n      id\n      url\n      thumbnailUrl\n      contentType\n      size\n      name\n      width\n      height\n    }\n  }\n"): (typeof documents)["\n  mutation WebUpload($file: File!) {\n    uploadFile(file: $file) {\n      id\n      url\n      thumbnailUrl\n      contentType\n      size\n      name\n      width\n      height\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebAddReaction($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n"): (typeof documents)["\n  mutation WebAddReaction($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebRemoveReaction($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n"): (typeof documents)["\n  mutation WebRemoveReaction($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      id\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebTyping($id: ID!, $isTyping: Boolean!) {\n    sendTypingEvent(conversationId: $id, isTyping: $isTyping)\n  }\n"): (typeof documents)["\n  mutation WebTyping($id: ID!, $isTyping: Boolean!) {\n    sendTypingEvent(conversationId: $id, isTyping: $isTyping)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WebMarkRead($id: ID!) {\n    markConversationRead(conversationId: $id) {\n      id\n      unreadMessageCount\n    }\n  }\n"): (typeof documents)["\n  mutation WebMarkRead($id: ID!) {\n    markConversationRead(conversationId: $id) {\n      id\n      unreadMessageCount\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;