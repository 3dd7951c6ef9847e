// The operations the benchmarks send.

/** The inbox query of the benchmark (issue: "Inbox throughput"). */
export const inboxQuery = `query Inbox {
  conversations(first: 25) {
    edges { node { title unreadMessageCount lastMessage { body owner { displayName } }
      members(first: 5) { edges { node { user { displayName } } } } } }
  }
}`;

/** The same data from PostGraphile, through the functions of bench/postgraphile-server.ts. */
export const postgraphileInboxQuery = `query Inbox($viewer: String!) {
  benchInbox(viewer: $viewer, first: 25) {
    nodes { title unreadCount(viewer: $viewer) lastMessage(viewer: $viewer) { body userByOwnerId { displayName } }
      membersByConversationId(first: 5, orderBy: [JOINED_AT_ASC, ID_ASC], condition: { leftAt: null }) { nodes { userByUserId { displayName } } } }
  }
}`;

export const sendMutation = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`;

export const messageAddedSubscription = `subscription Added($id: ID!) { messageAdded(conversationId: $id) { id seq body createdAt owner { id displayName } } }`;
