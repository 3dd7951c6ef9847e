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
    "mutation CreateConversation($input: CreateConversationInput!) {\n  createConversation(input: $input) {\n    id\n    type\n    isGroup\n    title\n    memberCount\n  }\n}": typeof types.CreateConversationDocument,
    "query Inbox($first: Int = 20, $after: String) {\n  viewer {\n    id\n    displayName\n    profileImageUrl\n  }\n  unreadMessageCount\n  conversations(first: $first, after: $after, orderBy: LAST_MESSAGE_AT_DESC) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        type\n        isGroup\n        title\n        profileImageUrl\n        memberCount\n        unreadMessageCount\n        updatedAt\n        lastMessage {\n          ...MessageFields\n        }\n      }\n    }\n  }\n}": typeof types.InboxDocument,
    "mutation MarkConversationRead($conversationId: ID!) {\n  markConversationRead(conversationId: $conversationId) {\n    id\n    unreadMessageCount\n    lastReadAt\n  }\n}": typeof types.MarkConversationReadDocument,
    "subscription MessageAdded($conversationId: ID!, $after: String) {\n  messageAdded(conversationId: $conversationId, after: $after) {\n    ...MessageFields\n  }\n}": typeof types.MessageAddedDocument,
    "fragment MessageFields on Message {\n  id\n  seq\n  cursor\n  type\n  body\n  isDeleted\n  createdAt\n  editedAt\n  owner {\n    id\n    displayName\n    profileImageUrl\n  }\n}": typeof types.MessageFieldsFragmentDoc,
    "query Messages($conversationId: ID!, $first: Int = 50, $after: String) {\n  messages(conversationId: $conversationId, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...MessageFields\n      }\n    }\n  }\n}": typeof types.MessagesDocument,
    "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    ...MessageFields\n  }\n}": typeof types.SendMessageDocument,
    "subscription ViewerEvents {\n  viewerEvents {\n    __typename\n    ... on ConversationAdded {\n      conversation {\n        id\n        title\n        isGroup\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on ConversationRemoved {\n      conversationId\n    }\n    ... on NewMessage {\n      conversation {\n        id\n      }\n      message {\n        ...MessageFields\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on UnreadCountChanged {\n      conversation {\n        id\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n  }\n}": typeof types.ViewerEventsDocument,
};
const documents: Documents = {
    "mutation CreateConversation($input: CreateConversationInput!) {\n  createConversation(input: $input) {\n    id\n    type\n    isGroup\n    title\n    memberCount\n  }\n}": types.CreateConversationDocument,
    "query Inbox($first: Int = 20, $after: String) {\n  viewer {\n    id\n    displayName\n    profileImageUrl\n  }\n  unreadMessageCount\n  conversations(first: $first, after: $after, orderBy: LAST_MESSAGE_AT_DESC) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        type\n        isGroup\n        title\n        profileImageUrl\n        memberCount\n        unreadMessageCount\n        updatedAt\n        lastMessage {\n          ...MessageFields\n        }\n      }\n    }\n  }\n}": types.InboxDocument,
    "mutation MarkConversationRead($conversationId: ID!) {\n  markConversationRead(conversationId: $conversationId) {\n    id\n    unreadMessageCount\n    lastReadAt\n  }\n}": types.MarkConversationReadDocument,
    "subscription MessageAdded($conversationId: ID!, $after: String) {\n  messageAdded(conversationId: $conversationId, after: $after) {\n    ...MessageFields\n  }\n}": types.MessageAddedDocument,
    "fragment MessageFields on Message {\n  id\n  seq\n  cursor\n  type\n  body\n  isDeleted\n  createdAt\n  editedAt\n  owner {\n    id\n    displayName\n    profileImageUrl\n  }\n}": types.MessageFieldsFragmentDoc,
    "query Messages($conversationId: ID!, $first: Int = 50, $after: String) {\n  messages(conversationId: $conversationId, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...MessageFields\n      }\n    }\n  }\n}": types.MessagesDocument,
    "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    ...MessageFields\n  }\n}": types.SendMessageDocument,
    "subscription ViewerEvents {\n  viewerEvents {\n    __typename\n    ... on ConversationAdded {\n      conversation {\n        id\n        title\n        isGroup\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on ConversationRemoved {\n      conversationId\n    }\n    ... on NewMessage {\n      conversation {\n        id\n      }\n      message {\n        ...MessageFields\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on UnreadCountChanged {\n      conversation {\n        id\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n  }\n}": types.ViewerEventsDocument,
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
export function graphql(source: "mutation CreateConversation($input: CreateConversationInput!) {\n  createConversation(input: $input) {\n    id\n    type\n    isGroup\n    title\n    memberCount\n  }\n}"): (typeof documents)["mutation CreateConversation($input: CreateConversationInput!) {\n  createConversation(input: $input) {\n    id\n    type\n    isGroup\n    title\n    memberCount\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Inbox($first: Int = 20, $after: String) {\n  viewer {\n    id\n    displayName\n    profileImageUrl\n  }\n  unreadMessageCount\n  conversations(first: $first, after: $after, orderBy: LAST_MESSAGE_AT_DESC) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        type\n        isGroup\n        title\n        profileImageUrl\n        memberCount\n        unreadMessageCount\n        updatedAt\n        lastMessage {\n          ...MessageFields\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query Inbox($first: Int = 20, $after: String) {\n  viewer {\n    id\n    displayName\n    profileImageUrl\n  }\n  unreadMessageCount\n  conversations(first: $first, after: $after, orderBy: LAST_MESSAGE_AT_DESC) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        id\n        type\n        isGroup\n        title\n        profileImageUrl\n        memberCount\n        unreadMessageCount\n        updatedAt\n        lastMessage {\n          ...MessageFields\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MarkConversationRead($conversationId: ID!) {\n  markConversationRead(conversationId: $conversationId) {\n    id\n    unreadMessageCount\n    lastReadAt\n  }\n}"): (typeof documents)["mutation MarkConversationRead($conversationId: ID!) {\n  markConversationRead(conversationId: $conversationId) {\n    id\n    unreadMessageCount\n    lastReadAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription MessageAdded($conversationId: ID!, $after: String) {\n  messageAdded(conversationId: $conversationId, after: $after) {\n    ...MessageFields\n  }\n}"): (typeof documents)["subscription MessageAdded($conversationId: ID!, $after: String) {\n  messageAdded(conversationId: $conversationId, after: $after) {\n    ...MessageFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment MessageFields on Message {\n  id\n  seq\n  cursor\n  type\n  body\n  isDeleted\n  createdAt\n  editedAt\n  owner {\n    id\n    displayName\n    profileImageUrl\n  }\n}"): (typeof documents)["fragment MessageFields on Message {\n  id\n  seq\n  cursor\n  type\n  body\n  isDeleted\n  createdAt\n  editedAt\n  owner {\n    id\n    displayName\n    profileImageUrl\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Messages($conversationId: ID!, $first: Int = 50, $after: String) {\n  messages(conversationId: $conversationId, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...MessageFields\n      }\n    }\n  }\n}"): (typeof documents)["query Messages($conversationId: ID!, $first: Int = 50, $after: String) {\n  messages(conversationId: $conversationId, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      node {\n        ...MessageFields\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    ...MessageFields\n  }\n}"): (typeof documents)["mutation SendMessage($input: SendMessageInput!) {\n  sendMessage(input: $input) {\n    ...MessageFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ViewerEvents {\n  viewerEvents {\n    __typename\n    ... on ConversationAdded {\n      conversation {\n        id\n        title\n        isGroup\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on ConversationRemoved {\n      conversationId\n    }\n    ... on NewMessage {\n      conversation {\n        id\n      }\n      message {\n        ...MessageFields\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on UnreadCountChanged {\n      conversation {\n        id\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n  }\n}"): (typeof documents)["subscription ViewerEvents {\n  viewerEvents {\n    __typename\n    ... on ConversationAdded {\n      conversation {\n        id\n        title\n        isGroup\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on ConversationRemoved {\n      conversationId\n    }\n    ... on NewMessage {\n      conversation {\n        id\n      }\n      message {\n        ...MessageFields\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n    ... on UnreadCountChanged {\n      conversation {\n        id\n      }\n      unreadMessageCount\n      totalUnreadMessageCount\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;