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
    "\n  query BatchedInbox($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          memberCount\n          isAdmin\n          unreadMessageCount\n          owner {\n            displayName\n          }\n          members(first: 5) {\n            edges {\n              node {\n                role\n                user {\n                  displayName\n                }\n              }\n            }\n          }\n          lastMessage {\n            body\n            owner {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.BatchedInboxDocument,
    "\n  mutation ConvCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      customType\n      profileImageUrl\n      metaData\n      tags\n      category\n      subcategory\n      maxMemberCount\n      hideMessagesBeforeJoin\n      rateLimit\n      rateLimitWindow\n      flagLimit\n      memberCount\n      isAdmin\n      isMember\n      createdAt\n      invitationCode\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n    }\n  }\n": typeof types.ConvCreateDocument,
    "\n  query ConvList($filter: ConversationFilter, $orderBy: ConversationOrder, $first: Int, $after: String) {\n    conversations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          title\n          isDeleted\n          isActive\n        }\n      }\n    }\n    conversationCount(filter: $filter)\n  }\n": typeof types.ConvListDocument,
    "\n  query ConvDetails($id: ID!, $userId: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      profileImageUrl\n      memberCount\n      watcherCount\n      messageCount\n      isMember\n      isAdmin\n      isActive\n      isDeleted\n      mute\n      unreadMessageCount\n      lastReadAt\n      updatedAt\n      owner {\n        id\n      }\n      lastMessage {\n        body\n        type\n      }\n      member(userId: $userId) {\n        role\n        isAdmin\n        user {\n          id\n        }\n      }\n      members(first: 2) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n      watchers(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConvDetailsDocument,
    "\n  query ConvMembersAfter($id: ID!, $after: String) {\n    conversation(id: $id) {\n      members(first: 2, after: $after) {\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConvMembersAfterDocument,
    "\n  query ConvAdminMessages($id: ID!) {\n    messages(conversationId: $id, filter: { types: [ADMIN] }, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          owner {\n            id\n          }\n          attachments {\n            type\n            ... on AdminAttachment {\n              adminMessageType\n              metaData\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConvAdminMessagesDocument,
    "\n  mutation ConvSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n    }\n  }\n": typeof types.ConvSendDocument,
    "\n  query ConvMessages($id: ID!) {\n    messages(conversationId: $id, first: 100) {\n      totalCount\n      edges {\n        node {\n          body\n        }\n      }\n    }\n  }\n": typeof types.ConvMessagesDocument,
    "\n  mutation ConvAddMembers($id: ID!, $userIds: [ID!]!) {\n    addMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n": typeof types.ConvAddMembersDocument,
    "\n  mutation ConvRemoveMembers($id: ID!, $userIds: [ID!]!) {\n    removeMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n": typeof types.ConvRemoveMembersDocument,
    "\n  mutation ConvAddAdmin($id: ID!, $userId: ID!) {\n    addAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n": typeof types.ConvAddAdminDocument,
    "\n  mutation ConvRemoveAdmin($id: ID!, $userId: ID!) {\n    removeAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n": typeof types.ConvRemoveAdminDocument,
    "\n  mutation ConvJoin($id: ID!, $code: String) {\n    joinConversation(conversationId: $id, invitationCode: $code) {\n      isMember\n      memberCount\n    }\n  }\n": typeof types.ConvJoinDocument,
    "\n  mutation ConvLeave($id: ID!) {\n    leaveConversation(conversationId: $id) {\n      isMember\n      isActive\n      owner {\n        id\n      }\n    }\n  }\n": typeof types.ConvLeaveDocument,
    "\n  mutation ConvUpdate($id: ID!, $input: UpdateConversationInput!) {\n    updateConversation(id: $id, input: $input) {\n      title\n      profileImageUrl\n      tags\n      category\n      metaData\n      maxMemberCount\n      rateLimit\n      rateLimitWindow\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n  }\n": typeof types.ConvUpdateDocument,
    "\n  mutation ConvSettings($id: ID!, $mute: Boolean!) {\n    updateConversationSettings(conversationId: $id, mute: $mute) {\n      mute\n    }\n  }\n": typeof types.ConvSettingsDocument,
    "\n  mutation ConvClear($id: ID!) {\n    clearConversation(conversationId: $id) {\n      id\n    }\n  }\n": typeof types.ConvClearDocument,
    "\n  mutation ConvDelete($id: ID!) {\n    deleteConversation(conversationId: $id) {\n      isDeleted\n    }\n  }\n": typeof types.ConvDeleteDocument,
    "\n  mutation ConvWatch($id: ID!) {\n    startWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n": typeof types.ConvWatchDocument,
    "\n  mutation ConvUnwatch($id: ID!) {\n    stopWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n": typeof types.ConvUnwatchDocument,
    "\n  mutation ConvTransfer($id: ID!, $userId: ID!) {\n    transferOwnership(conversationId: $id, userId: $userId) {\n      owner {\n        id\n      }\n    }\n  }\n": typeof types.ConvTransferDocument,
    "\n  mutation UpsertUser($input: UpsertUserInput!) {\n    upsertUser(input: $input) {\n      id\n      displayName\n      profileImageUrl\n    }\n  }\n": typeof types.UpsertUserDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      displayName\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      isOnline\n    }\n  }\n": typeof types.UserByIdDocument,
    "\n  mutation CreateGroup($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      memberCount\n      isAdmin\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n      members(first: 10) {\n        totalCount\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CreateGroupDocument,
    "\n  mutation SendText($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      cursor\n      body\n      type\n      owner {\n        id\n      }\n    }\n  }\n": typeof types.SendTextDocument,
    "\n  query ConversationList($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          title\n          unreadMessageCount\n          lastMessage {\n            body\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConversationListDocument,
    "\n  query OneConversation($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      isMember\n    }\n  }\n": typeof types.OneConversationDocument,
    "\n  query MessageList($conversationId: ID!, $first: Int, $after: String) {\n    messages(conversationId: $conversationId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          seq\n          body\n          type\n        }\n      }\n    }\n  }\n": typeof types.MessageListDocument,
    "\n  subscription MessageAdded($conversationId: ID!) {\n    messageAdded(conversationId: $conversationId) {\n      id\n      seq\n      body\n      owner {\n        id\n      }\n    }\n  }\n": typeof types.MessageAddedDocument,
    "\n  mutation MsgCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n    }\n  }\n": typeof types.MsgCreateDocument,
    "\n  mutation MsgSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      type\n      body\n      customType\n      showInConversation\n      encrypted\n      metaData\n      createdAt\n      replyCount\n      conversation {\n        id\n        isGroup\n      }\n      parent {\n        id\n      }\n      recipients {\n        id\n      }\n      mentionedUsers {\n        wordCount\n        order\n        user {\n          id\n        }\n      }\n      attachments {\n        type\n        customType\n        extra\n        ... on FileAttachment {\n          fileUrl\n          name\n          mimeType\n          extension\n          size\n          thumbnailUrl\n        }\n        ... on LocationAttachment {\n          latitude\n          longitude\n          title\n          address\n        }\n        ... on GifAttachment {\n          originalUrl\n          downsampledUrl\n          stillUrl\n        }\n        ... on AdminAttachment {\n          adminMessageType\n          metaData\n        }\n        ... on TextAttachment {\n          text\n        }\n      }\n    }\n  }\n": typeof types.MsgSendDocument,
    "\n  query MsgOne($id: ID!) {\n    message(id: $id) {\n      id\n      body\n      isDeleted\n      replyCount\n      readCount\n      flagCount\n      pinned\n      pinnedAt\n      pinnedBy {\n        id\n      }\n      editedAt\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n      forwardedFrom {\n        id\n      }\n      attachments {\n        type\n      }\n      replies(first: 10) {\n        totalCount\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n": typeof types.MsgOneDocument,
    "\n  query MsgList($id: ID!, $filter: MessageFilter, $orderBy: MessageOrder, $first: Int) {\n    messages(conversationId: $id, filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          type\n        }\n      }\n    }\n    messageCount(conversationId: $id, filter: $filter)\n  }\n": typeof types.MsgListDocument,
    "\n  query MsgInbox($id: ID!) {\n    conversation(id: $id) {\n      unreadMessageCount\n      lastReadAt\n      messageCount\n      lastMessage {\n        body\n      }\n    }\n    unreadMessageCount\n  }\n": typeof types.MsgInboxDocument,
    "\n  mutation MsgMarkRead($id: ID!, $timestamp: DateTime) {\n    markConversationRead(conversationId: $id, timestamp: $timestamp) {\n      unreadMessageCount\n      lastReadAt\n    }\n  }\n": typeof types.MsgMarkReadDocument,
    "\n  mutation MsgReact($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n": typeof types.MsgReactDocument,
    "\n  mutation MsgUnreact($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n    }\n  }\n": typeof types.MsgUnreactDocument,
    "\n  query MsgReactors($id: ID!, $type: String!, $after: String) {\n    message(id: $id) {\n      reactions(type: $type, first: 2, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.MsgReactorsDocument,
    "\n  mutation MsgPin($id: ID!) {\n    pinMessage(messageId: $id) {\n      pinned\n    }\n  }\n": typeof types.MsgPinDocument,
    "\n  mutation MsgUnpin($id: ID!) {\n    unpinMessage(messageId: $id) {\n      pinned\n    }\n  }\n": typeof types.MsgUnpinDocument,
    "\n  query MsgPinned($id: ID!) {\n    conversation(id: $id) {\n      pinnedMessages(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": typeof types.MsgPinnedDocument,
    "\n  mutation MsgBroadcast($input: BroadcastMessageInput!) {\n    broadcastMessage(input: $input) {\n      id\n      body\n      conversation {\n        id\n        isGroup\n      }\n    }\n  }\n": typeof types.MsgBroadcastDocument,
    "\n  mutation MsgForward($messageIds: [ID!]!, $conversationIds: [ID!], $userIds: [ID!]) {\n    forwardMessages(messageIds: $messageIds, conversationIds: $conversationIds, userIds: $userIds) {\n      id\n      type\n      body\n      forwardedFrom {\n        id\n      }\n      conversation {\n        id\n      }\n    }\n  }\n": typeof types.MsgForwardDocument,
    "\n  mutation MsgDeleteOwn($ids: [ID!]!) {\n    deleteMessages(messageIds: $ids)\n  }\n": typeof types.MsgDeleteOwnDocument,
    "\n  mutation MsgDeleteAll($ids: [ID!]!, $replacement: String) {\n    deleteMessagesForEveryone(messageIds: $ids, replacementBody: $replacement) {\n      id\n      body\n      isDeleted\n      attachments {\n        type\n      }\n      reactionCounts {\n        count\n      }\n    }\n  }\n": typeof types.MsgDeleteAllDocument,
    "\n  mutation MsgEdit($id: ID!, $input: EditMessageInput!) {\n    editMessage(messageId: $id, input: $input) {\n      body\n      editedAt\n    }\n  }\n": typeof types.MsgEditDocument,
    "\n  mutation MsgFlag($id: ID!) {\n    flagMessage(messageId: $id, reason: \"spam\") {\n      flagCount\n      isDeleted\n    }\n  }\n": typeof types.MsgFlagDocument,
    "\n  mutation MsgUnflag($id: ID!) {\n    unflagMessage(messageId: $id) {\n      flagCount\n    }\n  }\n": typeof types.MsgUnflagDocument,
    "\n  query ModelState($id: ID!) {\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          id\n          seq\n        }\n      }\n    }\n    conversation(id: $id) {\n      unreadMessageCount\n      isDeleted\n    }\n    unreadMessageCount\n  }\n": typeof types.ModelStateDocument,
};
const documents: Documents = {
    "\n  query BatchedInbox($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          memberCount\n          isAdmin\n          unreadMessageCount\n          owner {\n            displayName\n          }\n          members(first: 5) {\n            edges {\n              node {\n                role\n                user {\n                  displayName\n                }\n              }\n            }\n          }\n          lastMessage {\n            body\n            owner {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n": types.BatchedInboxDocument,
    "\n  mutation ConvCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      customType\n      profileImageUrl\n      metaData\n      tags\n      category\n      subcategory\n      maxMemberCount\n      hideMessagesBeforeJoin\n      rateLimit\n      rateLimitWindow\n      flagLimit\n      memberCount\n      isAdmin\n      isMember\n      createdAt\n      invitationCode\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n    }\n  }\n": types.ConvCreateDocument,
    "\n  query ConvList($filter: ConversationFilter, $orderBy: ConversationOrder, $first: Int, $after: String) {\n    conversations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          title\n          isDeleted\n          isActive\n        }\n      }\n    }\n    conversationCount(filter: $filter)\n  }\n": types.ConvListDocument,
    "\n  query ConvDetails($id: ID!, $userId: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      profileImageUrl\n      memberCount\n      watcherCount\n      messageCount\n      isMember\n      isAdmin\n      isActive\n      isDeleted\n      mute\n      unreadMessageCount\n      lastReadAt\n      updatedAt\n      owner {\n        id\n      }\n      lastMessage {\n        body\n        type\n      }\n      member(userId: $userId) {\n        role\n        isAdmin\n        user {\n          id\n        }\n      }\n      members(first: 2) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n      watchers(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.ConvDetailsDocument,
    "\n  query ConvMembersAfter($id: ID!, $after: String) {\n    conversation(id: $id) {\n      members(first: 2, after: $after) {\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ConvMembersAfterDocument,
    "\n  query ConvAdminMessages($id: ID!) {\n    messages(conversationId: $id, filter: { types: [ADMIN] }, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          owner {\n            id\n          }\n          attachments {\n            type\n            ... on AdminAttachment {\n              adminMessageType\n              metaData\n            }\n          }\n        }\n      }\n    }\n  }\n": types.ConvAdminMessagesDocument,
    "\n  mutation ConvSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n    }\n  }\n": types.ConvSendDocument,
    "\n  query ConvMessages($id: ID!) {\n    messages(conversationId: $id, first: 100) {\n      totalCount\n      edges {\n        node {\n          body\n        }\n      }\n    }\n  }\n": types.ConvMessagesDocument,
    "\n  mutation ConvAddMembers($id: ID!, $userIds: [ID!]!) {\n    addMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n": types.ConvAddMembersDocument,
    "\n  mutation ConvRemoveMembers($id: ID!, $userIds: [ID!]!) {\n    removeMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n": types.ConvRemoveMembersDocument,
    "\n  mutation ConvAddAdmin($id: ID!, $userId: ID!) {\n    addAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n": types.ConvAddAdminDocument,
    "\n  mutation ConvRemoveAdmin($id: ID!, $userId: ID!) {\n    removeAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n": types.ConvRemoveAdminDocument,
    "\n  mutation ConvJoin($id: ID!, $code: String) {\n    joinConversation(conversationId: $id, invitationCode: $code) {\n      isMember\n      memberCount\n    }\n  }\n": types.ConvJoinDocument,
    "\n  mutation ConvLeave($id: ID!) {\n    leaveConversation(conversationId: $id) {\n      isMember\n      isActive\n      owner {\n        id\n      }\n    }\n  }\n": types.ConvLeaveDocument,
    "\n  mutation ConvUpdate($id: ID!, $input: UpdateConversationInput!) {\n    updateConversation(id: $id, input: $input) {\n      title\n      profileImageUrl\n      tags\n      category\n      metaData\n      maxMemberCount\n      rateLimit\n      rateLimitWindow\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n  }\n": types.ConvUpdateDocument,
    "\n  mutation ConvSettings($id: ID!, $mute: Boolean!) {\n    updateConversationSettings(conversationId: $id, mute: $mute) {\n      mute\n    }\n  }\n": types.ConvSettingsDocument,
    "\n  mutation ConvClear($id: ID!) {\n    clearConversation(conversationId: $id) {\n      id\n    }\n  }\n": types.ConvClearDocument,
    "\n  mutation ConvDelete($id: ID!) {\n    deleteConversation(conversationId: $id) {\n      isDeleted\n    }\n  }\n": types.ConvDeleteDocument,
    "\n  mutation ConvWatch($id: ID!) {\n    startWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n": types.ConvWatchDocument,
    "\n  mutation ConvUnwatch($id: ID!) {\n    stopWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n": types.ConvUnwatchDocument,
    "\n  mutation ConvTransfer($id: ID!, $userId: ID!) {\n    transferOwnership(conversationId: $id, userId: $userId) {\n      owner {\n        id\n      }\n    }\n  }\n": types.ConvTransferDocument,
    "\n  mutation UpsertUser($input: UpsertUserInput!) {\n    upsertUser(input: $input) {\n      id\n      displayName\n      profileImageUrl\n    }\n  }\n": types.UpsertUserDocument,
    "\n  query Viewer {\n    viewer {\n      id\n      displayName\n    }\n  }\n": types.ViewerDocument,
    "\n  query UserById($id: ID!) {\n    user(id: $id) {\n      id\n      displayName\n      isOnline\n    }\n  }\n": types.UserByIdDocument,
    "\n  mutation CreateGroup($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      memberCount\n      isAdmin\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n      members(first: 10) {\n        totalCount\n        edges {\n          node {\n            role\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CreateGroupDocument,
    "\n  mutation SendText($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      cursor\n      body\n      type\n      owner {\n        id\n      }\n    }\n  }\n": types.SendTextDocument,
    "\n  query ConversationList($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          title\n          unreadMessageCount\n          lastMessage {\n            body\n          }\n        }\n      }\n    }\n  }\n": types.ConversationListDocument,
    "\n  query OneConversation($id: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      isMember\n    }\n  }\n": types.OneConversationDocument,
    "\n  query MessageList($conversationId: ID!, $first: Int, $after: String) {\n    messages(conversationId: $conversationId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          seq\n          body\n          type\n        }\n      }\n    }\n  }\n": types.MessageListDocument,
    "\n  subscription MessageAdded($conversationId: ID!) {\n    messageAdded(conversationId: $conversationId) {\n      id\n      seq\n      body\n      owner {\n        id\n      }\n    }\n  }\n": types.MessageAddedDocument,
    "\n  mutation MsgCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n    }\n  }\n": types.MsgCreateDocument,
    "\n  mutation MsgSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      type\n      body\n      customType\n      showInConversation\n      encrypted\n      metaData\n      createdAt\n      replyCount\n      conversation {\n        id\n        isGroup\n      }\n      parent {\n        id\n      }\n      recipients {\n        id\n      }\n      mentionedUsers {\n        wordCount\n        order\n        user {\n          id\n        }\n      }\n      attachments {\n        type\n        customType\n        extra\n        ... on FileAttachment {\n          fileUrl\n          name\n          mimeType\n          extension\n          size\n          thumbnailUrl\n        }\n        ... on LocationAttachment {\n          latitude\n          longitude\n          title\n          address\n        }\n        ... on GifAttachment {\n          originalUrl\n          downsampledUrl\n          stillUrl\n        }\n        ... on AdminAttachment {\n          adminMessageType\n          metaData\n        }\n        ... on TextAttachment {\n          text\n        }\n      }\n    }\n  }\n": types.MsgSendDocument,
    "\n  query MsgOne($id: ID!) {\n    message(id: $id) {\n      id\n      body\n      isDeleted\n      replyCount\n      readCount\n      flagCount\n      pinned\n      pinnedAt\n      pinnedBy {\n        id\n      }\n      editedAt\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n      forwardedFrom {\n        id\n      }\n      attachments {\n        type\n      }\n      replies(first: 10) {\n        totalCount\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n": types.MsgOneDocument,
    "\n  query MsgList($id: ID!, $filter: MessageFilter, $orderBy: MessageOrder, $first: Int) {\n    messages(conversationId: $id, filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          type\n        }\n      }\n    }\n    messageCount(conversationId: $id, filter: $filter)\n  }\n": types.MsgListDocument,
    "\n  query MsgInbox($id: ID!) {\n    conversation(id: $id) {\n      unreadMessageCount\n      lastReadAt\n      messageCount\n      lastMessage {\n        body\n      }\n    }\n    unreadMessageCount\n  }\n": types.MsgInboxDocument,
    "\n  mutation MsgMarkRead($id: ID!, $timestamp: DateTime) {\n    markConversationRead(conversationId: $id, timestamp: $timestamp) {\n      unreadMessageCount\n      lastReadAt\n    }\n  }\n": types.MsgMarkReadDocument,
    "\n  mutation MsgReact($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n": types.MsgReactDocument,
    "\n  mutation MsgUnreact($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n    }\n  }\n": types.MsgUnreactDocument,
    "\n  query MsgReactors($id: ID!, $type: String!, $after: String) {\n    message(id: $id) {\n      reactions(type: $type, first: 2, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.MsgReactorsDocument,
    "\n  mutation MsgPin($id: ID!) {\n    pinMessage(messageId: $id) {\n      pinned\n    }\n  }\n": types.MsgPinDocument,
    "\n  mutation MsgUnpin($id: ID!) {\n    unpinMessage(messageId: $id) {\n      pinned\n    }\n  }\n": types.MsgUnpinDocument,
    "\n  query MsgPinned($id: ID!) {\n    conversation(id: $id) {\n      pinnedMessages(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n": types.MsgPinnedDocument,
    "\n  mutation MsgBroadcast($input: BroadcastMessageInput!) {\n    broadcastMessage(input: $input) {\n      id\n      body\n      conversation {\n        id\n        isGroup\n      }\n    }\n  }\n": types.MsgBroadcastDocument,
    "\n  mutation MsgForward($messageIds: [ID!]!, $conversationIds: [ID!], $userIds: [ID!]) {\n    forwardMessages(messageIds: $messageIds, conversationIds: $conversationIds, userIds: $userIds) {\n      id\n      type\n      body\n      forwardedFrom {\n        id\n      }\n      conversation {\n        id\n      }\n    }\n  }\n": types.MsgForwardDocument,
    "\n  mutation MsgDeleteOwn($ids: [ID!]!) {\n    deleteMessages(messageIds: $ids)\n  }\n": types.MsgDeleteOwnDocument,
    "\n  mutation MsgDeleteAll($ids: [ID!]!, $replacement: String) {\n    deleteMessagesForEveryone(messageIds: $ids, replacementBody: $replacement) {\n      id\n      body\n      isDeleted\n      attachments {\n        type\n      }\n      reactionCounts {\n        count\n      }\n    }\n  }\n": types.MsgDeleteAllDocument,
    "\n  mutation MsgEdit($id: ID!, $input: EditMessageInput!) {\n    editMessage(messageId: $id, input: $input) {\n      body\n      editedAt\n    }\n  }\n": types.MsgEditDocument,
    "\n  mutation MsgFlag($id: ID!) {\n    flagMessage(messageId: $id, reason: \"spam\") {\n      flagCount\n      isDeleted\n    }\n  }\n": types.MsgFlagDocument,
    "\n  mutation MsgUnflag($id: ID!) {\n    unflagMessage(messageId: $id) {\n      flagCount\n    }\n  }\n": types.MsgUnflagDocument,
    "\n  query ModelState($id: ID!) {\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          id\n          seq\n        }\n      }\n    }\n    conversation(id: $id) {\n      unreadMessageCount\n      isDeleted\n    }\n    unreadMessageCount\n  }\n": types.ModelStateDocument,
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
export function graphql(source: "\n  query BatchedInbox($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          memberCount\n          isAdmin\n          unreadMessageCount\n          owner {\n            displayName\n          }\n          members(first: 5) {\n            edges {\n              node {\n                role\n                user {\n                  displayName\n                }\n              }\n            }\n          }\n          lastMessage {\n            body\n            owner {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BatchedInbox($first: Int) {\n    conversations(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          memberCount\n          isAdmin\n          unreadMessageCount\n          owner {\n            displayName\n          }\n          members(first: 5) {\n            edges {\n              node {\n                role\n                user {\n                  displayName\n                }\n              }\n            }\n          }\n          lastMessage {\n            body\n            owner {\n              displayName\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      customType\n      profileImageUrl\n      metaData\n      tags\n      category\n      subcategory\n      maxMemberCount\n      hideMessagesBeforeJoin\n      rateLimit\n      rateLimitWindow\n      flagLimit\n      memberCount\n      isAdmin\n      isMember\n      createdAt\n      invitationCode\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConvCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n      type\n      isGroup\n      title\n      customType\n      profileImageUrl\n      metaData\n      tags\n      category\n      subcategory\n      maxMemberCount\n      hideMessagesBeforeJoin\n      rateLimit\n      rateLimitWindow\n      flagLimit\n      memberCount\n      isAdmin\n      isMember\n      createdAt\n      invitationCode\n      owner {\n        id\n      }\n      config {\n        typingEvents\n        readEvents\n        pushNotifications\n        pinMessages\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConvList($filter: ConversationFilter, $orderBy: ConversationOrder, $first: Int, $after: String) {\n    conversations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          title\n          isDeleted\n          isActive\n        }\n      }\n    }\n    conversationCount(filter: $filter)\n  }\n"): (typeof documents)["\n  query ConvList($filter: ConversationFilter, $orderBy: ConversationOrder, $first: Int, $after: String) {\n    conversations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          title\n          isDeleted\n          isActive\n        }\n      }\n    }\n    conversationCount(filter: $filter)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConvDetails($id: ID!, $userId: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      profileImageUrl\n      memberCount\n      watcherCount\n      messageCount\n      isMember\n      isAdmin\n      isActive\n      isDeleted\n      mute\n      unreadMessageCount\n      lastReadAt\n      updatedAt\n      owner {\n        id\n      }\n      lastMessage {\n        body\n        type\n      }\n      member(userId: $userId) {\n        role\n        isAdmin\n        user {\n          id\n        }\n      }\n      members(first: 2) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n      watchers(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConvDetails($id: ID!, $userId: ID!) {\n    conversation(id: $id) {\n      id\n      title\n      profileImageUrl\n      memberCount\n      watcherCount\n      messageCount\n      isMember\n      isAdmin\n      isActive\n      isDeleted\n      mute\n      unreadMessageCount\n      lastReadAt\n      updatedAt\n      owner {\n        id\n      }\n      lastMessage {\n        body\n        type\n      }\n      member(userId: $userId) {\n        role\n        isAdmin\n        user {\n          id\n        }\n      }\n      members(first: 2) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n      watchers(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConvMembersAfter($id: ID!, $after: String) {\n    conversation(id: $id) {\n      members(first: 2, after: $after) {\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConvMembersAfter($id: ID!, $after: String) {\n    conversation(id: $id) {\n      members(first: 2, after: $after) {\n        edges {\n          node {\n            user {\n              id\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConvAdminMessages($id: ID!) {\n    messages(conversationId: $id, filter: { types: [ADMIN] }, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          owner {\n            id\n          }\n          attachments {\n            type\n            ... on AdminAttachment {\n              adminMessageType\n              metaData\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConvAdminMessages($id: ID!) {\n    messages(conversationId: $id, filter: { types: [ADMIN] }, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          owner {\n            id\n          }\n          attachments {\n            type\n            ... on AdminAttachment {\n              adminMessageType\n              metaData\n            }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n    }\n  }\n"): (typeof documents)["\n  mutation ConvSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConvMessages($id: ID!) {\n    messages(conversationId: $id, first: 100) {\n      totalCount\n      edges {\n        node {\n          body\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConvMessages($id: ID!) {\n    messages(conversationId: $id, first: 100) {\n      totalCount\n      edges {\n        node {\n          body\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvAddMembers($id: ID!, $userIds: [ID!]!) {\n    addMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation ConvAddMembers($id: ID!, $userIds: [ID!]!) {\n    addMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvRemoveMembers($id: ID!, $userIds: [ID!]!) {\n    removeMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation ConvRemoveMembers($id: ID!, $userIds: [ID!]!) {\n    removeMembers(conversationId: $id, userIds: $userIds) {\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvAddAdmin($id: ID!, $userId: ID!) {\n    addAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ConvAddAdmin($id: ID!, $userId: ID!) {\n    addAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvRemoveAdmin($id: ID!, $userId: ID!) {\n    removeAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ConvRemoveAdmin($id: ID!, $userId: ID!) {\n    removeAdmin(conversationId: $id, userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvJoin($id: ID!, $code: String) {\n    joinConversation(conversationId: $id, invitationCode: $code) {\n      isMember\n      memberCount\n    }\n  }\n"): (typeof documents)["\n  mutation ConvJoin($id: ID!, $code: String) {\n    joinConversation(conversationId: $id, invitationCode: $code) {\n      isMember\n      memberCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvLeave($id: ID!) {\n    leaveConversation(conversationId: $id) {\n      isMember\n      isActive\n      owner {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConvLeave($id: ID!) {\n    leaveConversation(conversationId: $id) {\n      isMember\n      isActive\n      owner {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvUpdate($id: ID!, $input: UpdateConversationInput!) {\n    updateConversation(id: $id, input: $input) {\n      title\n      profileImageUrl\n      tags\n      category\n      metaData\n      maxMemberCount\n      rateLimit\n      rateLimitWindow\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConvUpdate($id: ID!, $input: UpdateConversationInput!) {\n    updateConversation(id: $id, input: $input) {\n      title\n      profileImageUrl\n      tags\n      category\n      metaData\n      maxMemberCount\n      rateLimit\n      rateLimitWindow\n      config {\n        typingEvents\n        readEvents\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvSettings($id: ID!, $mute: Boolean!) {\n    updateConversationSettings(conversationId: $id, mute: $mute) {\n      mute\n    }\n  }\n"): (typeof documents)["\n  mutation ConvSettings($id: ID!, $mute: Boolean!) {\n    updateConversationSettings(conversationId: $id, mute: $mute) {\n      mute\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvClear($id: ID!) {\n    clearConversation(conversationId: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ConvClear($id: ID!) {\n    clearConversation(conversationId: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvDelete($id: ID!) {\n    deleteConversation(conversationId: $id) {\n      isDeleted\n    }\n  }\n"): (typeof documents)["\n  mutation ConvDelete($id: ID!) {\n    deleteConversation(conversationId: $id) {\n      isDeleted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvWatch($id: ID!) {\n    startWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n"): (typeof documents)["\n  mutation ConvWatch($id: ID!) {\n    startWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvUnwatch($id: ID!) {\n    stopWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n"): (typeof documents)["\n  mutation ConvUnwatch($id: ID!) {\n    stopWatching(conversationId: $id) {\n      watcherCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConvTransfer($id: ID!, $userId: ID!) {\n    transferOwnership(conversationId: $id, userId: $userId) {\n      owner {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ConvTransfer($id: ID!, $userId: ID!) {\n    transferOwnership(conversationId: $id, userId: $userId) {\n      owner {\n        id\n      }\n    }\n  }\n"];
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation MsgCreate($input: CreateConversationInput!) {\n    createConversation(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      type\n      body\n      customType\n      showInConversation\n      encrypted\n      metaData\n      createdAt\n      replyCount\n      conversation {\n        id\n        isGroup\n      }\n      parent {\n        id\n      }\n      recipients {\n        id\n      }\n      mentionedUsers {\n        wordCount\n        order\n        user {\n          id\n        }\n      }\n      attachments {\n        type\n        customType\n        extra\n        ... on FileAttachment {\n          fileUrl\n          name\n          mimeType\n          extension\n          size\n          thumbnailUrl\n        }\n        ... on LocationAttachment {\n          latitude\n          longitude\n          title\n          address\n        }\n        ... on GifAttachment {\n          originalUrl\n          downsampledUrl\n          stillUrl\n        }\n        ... on AdminAttachment {\n          adminMessageType\n          metaData\n        }\n        ... on TextAttachment {\n          text\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MsgSend($input: SendMessageInput!) {\n    sendMessage(input: $input) {\n      id\n      seq\n      type\n      body\n      customType\n      showInConversation\n      encrypted\n      metaData\n      createdAt\n      replyCount\n      conversation {\n        id\n        isGroup\n      }\n      parent {\n        id\n      }\n      recipients {\n        id\n      }\n      mentionedUsers {\n        wordCount\n        order\n        user {\n          id\n        }\n      }\n      attachments {\n        type\n        customType\n        extra\n        ... on FileAttachment {\n          fileUrl\n          name\n          mimeType\n          extension\n          size\n          thumbnailUrl\n        }\n        ... on LocationAttachment {\n          latitude\n          longitude\n          title\n          address\n        }\n        ... on GifAttachment {\n          originalUrl\n          downsampledUrl\n          stillUrl\n        }\n        ... on AdminAttachment {\n          adminMessageType\n          metaData\n        }\n        ... on TextAttachment {\n          text\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MsgOne($id: ID!) {\n    message(id: $id) {\n      id\n      body\n      isDeleted\n      replyCount\n      readCount\n      flagCount\n      pinned\n      pinnedAt\n      pinnedBy {\n        id\n      }\n      editedAt\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n      forwardedFrom {\n        id\n      }\n      attachments {\n        type\n      }\n      replies(first: 10) {\n        totalCount\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MsgOne($id: ID!) {\n    message(id: $id) {\n      id\n      body\n      isDeleted\n      replyCount\n      readCount\n      flagCount\n      pinned\n      pinnedAt\n      pinnedBy {\n        id\n      }\n      editedAt\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n      forwardedFrom {\n        id\n      }\n      attachments {\n        type\n      }\n      replies(first: 10) {\n        totalCount\n        edges {\n          node {\n            body\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MsgList($id: ID!, $filter: MessageFilter, $orderBy: MessageOrder, $first: Int) {\n    messages(conversationId: $id, filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          type\n        }\n      }\n    }\n    messageCount(conversationId: $id, filter: $filter)\n  }\n"): (typeof documents)["\n  query MsgList($id: ID!, $filter: MessageFilter, $orderBy: MessageOrder, $first: Int) {\n    messages(conversationId: $id, filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          body\n          type\n        }\n      }\n    }\n    messageCount(conversationId: $id, filter: $filter)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MsgInbox($id: ID!) {\n    conversation(id: $id) {\n      unreadMessageCount\n      lastReadAt\n      messageCount\n      lastMessage {\n        body\n      }\n    }\n    unreadMessageCount\n  }\n"): (typeof documents)["\n  query MsgInbox($id: ID!) {\n    conversation(id: $id) {\n      unreadMessageCount\n      lastReadAt\n      messageCount\n      lastMessage {\n        body\n      }\n    }\n    unreadMessageCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgMarkRead($id: ID!, $timestamp: DateTime) {\n    markConversationRead(conversationId: $id, timestamp: $timestamp) {\n      unreadMessageCount\n      lastReadAt\n    }\n  }\n"): (typeof documents)["\n  mutation MsgMarkRead($id: ID!, $timestamp: DateTime) {\n    markConversationRead(conversationId: $id, timestamp: $timestamp) {\n      unreadMessageCount\n      lastReadAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgReact($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n"): (typeof documents)["\n  mutation MsgReact($id: ID!, $type: String!) {\n    addReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n      viewerReactions\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgUnreact($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MsgUnreact($id: ID!, $type: String!) {\n    removeReaction(messageId: $id, type: $type) {\n      reactionCounts {\n        type\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MsgReactors($id: ID!, $type: String!, $after: String) {\n    message(id: $id) {\n      reactions(type: $type, first: 2, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MsgReactors($id: ID!, $type: String!, $after: String) {\n    message(id: $id) {\n      reactions(type: $type, first: 2, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgPin($id: ID!) {\n    pinMessage(messageId: $id) {\n      pinned\n    }\n  }\n"): (typeof documents)["\n  mutation MsgPin($id: ID!) {\n    pinMessage(messageId: $id) {\n      pinned\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgUnpin($id: ID!) {\n    unpinMessage(messageId: $id) {\n      pinned\n    }\n  }\n"): (typeof documents)["\n  mutation MsgUnpin($id: ID!) {\n    unpinMessage(messageId: $id) {\n      pinned\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MsgPinned($id: ID!) {\n    conversation(id: $id) {\n      pinnedMessages(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MsgPinned($id: ID!) {\n    conversation(id: $id) {\n      pinnedMessages(first: 10) {\n        totalCount\n        edges {\n          node {\n            id\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgBroadcast($input: BroadcastMessageInput!) {\n    broadcastMessage(input: $input) {\n      id\n      body\n      conversation {\n        id\n        isGroup\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MsgBroadcast($input: BroadcastMessageInput!) {\n    broadcastMessage(input: $input) {\n      id\n      body\n      conversation {\n        id\n        isGroup\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgForward($messageIds: [ID!]!, $conversationIds: [ID!], $userIds: [ID!]) {\n    forwardMessages(messageIds: $messageIds, conversationIds: $conversationIds, userIds: $userIds) {\n      id\n      type\n      body\n      forwardedFrom {\n        id\n      }\n      conversation {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MsgForward($messageIds: [ID!]!, $conversationIds: [ID!], $userIds: [ID!]) {\n    forwardMessages(messageIds: $messageIds, conversationIds: $conversationIds, userIds: $userIds) {\n      id\n      type\n      body\n      forwardedFrom {\n        id\n      }\n      conversation {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgDeleteOwn($ids: [ID!]!) {\n    deleteMessages(messageIds: $ids)\n  }\n"): (typeof documents)["\n  mutation MsgDeleteOwn($ids: [ID!]!) {\n    deleteMessages(messageIds: $ids)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgDeleteAll($ids: [ID!]!, $replacement: String) {\n    deleteMessagesForEveryone(messageIds: $ids, replacementBody: $replacement) {\n      id\n      body\n      isDeleted\n      attachments {\n        type\n      }\n      reactionCounts {\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation MsgDeleteAll($ids: [ID!]!, $replacement: String) {\n    deleteMessagesForEveryone(messageIds: $ids, replacementBody: $replacement) {\n      id\n      body\n      isDeleted\n      attachments {\n        type\n      }\n      reactionCounts {\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgEdit($id: ID!, $input: EditMessageInput!) {\n    editMessage(messageId: $id, input: $input) {\n      body\n      editedAt\n    }\n  }\n"): (typeof documents)["\n  mutation MsgEdit($id: ID!, $input: EditMessageInput!) {\n    editMessage(messageId: $id, input: $input) {\n      body\n      editedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgFlag($id: ID!) {\n    flagMessage(messageId: $id, reason: \"spam\") {\n      flagCount\n      isDeleted\n    }\n  }\n"): (typeof documents)["\n  mutation MsgFlag($id: ID!) {\n    flagMessage(messageId: $id, reason: \"spam\") {\n      flagCount\n      isDeleted\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MsgUnflag($id: ID!) {\n    unflagMessage(messageId: $id) {\n      flagCount\n    }\n  }\n"): (typeof documents)["\n  mutation MsgUnflag($id: ID!) {\n    unflagMessage(messageId: $id) {\n      flagCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ModelState($id: ID!) {\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          id\n          seq\n        }\n      }\n    }\n    conversation(id: $id) {\n      unreadMessageCount\n      isDeleted\n    }\n    unreadMessageCount\n  }\n"): (typeof documents)["\n  query ModelState($id: ID!) {\n    messages(conversationId: $id, orderBy: CREATED_AT_ASC, first: 100) {\n      edges {\n        node {\n          id\n          seq\n        }\n      }\n    }\n    conversation(id: $id) {\n      unreadMessageCount\n      isDeleted\n    }\n    unreadMessageCount\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;