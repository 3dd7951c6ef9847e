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
    "\n  mutation UpsertUser($input: UpsertUserInput!) {\n    upsertUser(input: $input) {\n      id\n      displayName\n      profileImageUrl\n    }\n  }\n": typeof types.UpsertUserDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      displayName\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      isOnline\n    }\n  }\n": typeof types.UserByIdDocument,
    "\n  mutation CreateGroup($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      memberCount\n      isAdmin\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n      members(first: 10) {\n        totalCount\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CreateGroupDocument,
    "\n  mutation SendText($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      cursor\n      body\n      type\n      owner {\n        id\n      }\n    }\n  }\n": typeof types.SendTextDocument,
    "\n  query ConversationList($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          title\n          unreadMessageCount\n          lastMessage {\n            body\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConversationListDocument,
    "\n  query OneConversation($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      isMember\n    }\n  }\n": typeof types.OneConversationDocument,
    "\n  query MessageList($conversationId: ID!, $first: Int, $after: String) {\n    messages(conversationId: $conversationId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          seq\n          body\n          type\n        }\n      }\n    }\n  }\n": typeof types.MessageListDocument,
    "\n  subscription MessageAdded($conversationId: ID!) {\n    messageAdded(conversationId: $conversationId) {\n      id\n      seq\n      body\n      owner {\n        id\n      }\n    }\n  }\n": typeof types.MessageAddedDocument,
};
const documents: Documents = {
    "\n  mutation UpsertUser($input: UpsertUserInput!) {\n    upsertUser(input: $input) {\n      id\n      displayName\n      profileImageUrl\n    }\n  }\n": types.UpsertUserDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      displayName\n    }\n  }\n": types.ViewerDocument,
    "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      isOnline\n    }\n  }\n": types.UserByIdDocument,
    "\n  mutation CreateGroup($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      memberCount\n      isAdmin\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n      members(first: 10) {\n        totalCount\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CreateGroupDocument,
    "\n  mutation SendText($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      cursor\n      body\n      type\n      owner {\n        id\n      }\n    }\n  }\n": types.SendTextDocument,
    "\n  query ConversationList($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          title\n          unreadMessageCount\n          lastMessage {\n            body\n          }\n        }\n      }\n    }\n  }\n": types.ConversationListDocument,
    "\n  query OneConversation($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      isMember\n    }\n  }\n": types.OneConversationDocument,
    "\n  query MessageList($conversationId: ID!, $first: Int, $after: String) {\n    messages(conversationId: $conversationId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          seq\n          body\n          type\n        }\n      }\n    }\n  }\n": types.MessageListDocument,
    "\n  subscription MessageAdded($conversationId: ID!) {\n    messageAdded(conversationId: $conversationId) {\n      id\n      seq\n      body\n      owner {\n        id\n      }\n    }\n  }\n": types.MessageAddedDocument,
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
export function graphql(source: "\n  mutation UpsertUser($input: UpsertUserInput!) {\n    upsertUser(input: $input) {\n      id\n      displayName\n      profileImageUrl\n    }\n  }\n"): (typeof documents)["\n  mutation UpsertUser($input: UpsertUserInput!) {\n    upsertUser(input: $input) {\n      id\n      displayName\n      profileImageUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      id\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      id\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      isOnline\n    }\n  }\n"): (typeof documents)["\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      isOnline\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGroup($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      memberCount\n      isAdmin\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n      members(first: 10) {\n        totalCount\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGroup($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      memberCount\n      isAdmin\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n      members(first: 10) {\n        totalCount\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendText($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      cursor\n      body\n      type\n      owner {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SendText($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      cursor\n      body\n      type\n      owner {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConversationList($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          title\n          unreadMessageCount\n          lastMessage {\n            body\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConversationList($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          title\n          unreadMessageCount\n          lastMessage {\n            body\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OneConversation($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      isMember\n    }\n  }\n"): (typeof documents)["\n  query OneConversation($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      isMember\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MessageList($conversationId: ID!, $first: Int, $after: String) {\n    messages(conversationId: $conversationId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          seq\n          body\n          type\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MessageList($conversationId: ID!, $first: Int, $after: String) {\n    messages(conversationId: $conversationId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          seq\n          body\n          type\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MessageAdded($conversationId: ID!) {\n    messageAdded(conversationId: $conversationId) {\n      id\n      seq\n      body\n      owner {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription MessageAdded($conversationId: ID!) {\n    messageAdded(conversationId: $conversationId) {\n      id\n      seq\n      body\n      owner {\n        id\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;