// The operations the benchmarks send.

/** The inbox query of the benchmark (issue: "Inbox throughput"), a page of `first` conversations. */
export const inboxQueryOf = (first: number) => `query Inbox {
  conversations(first: ${first}) {
    edges { node { title unreadMessageCount lastMessage { body owner { displayName } }
      members(first: 5) { edges { node { user { displayName } } } } } }
  }
}`;

export const inboxQuery = inboxQueryOf(25);

/** The same data from PostGraphile, through the functions of bench/postgraphile/server.ts (the viewer is the token's). */
export const postgraphileInboxQuery = `query Inbox {
  benchInbox(first: 25) {
    nodes { title unreadCount lastMessage { body userByOwnerId { displayName } }
      visibleMembers(first: 5) { nodes { userByUserId { displayName } } } }
  }
}`;

export const sendMutation = `mutation Send($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`;

/** PostGraphile's generated mutation on the same table, answering the same two fields. */
export const postgraphileCreateMessage = `mutation Create($input: CreateMessageInput!) { createMessage(input: $input) { message { id seq } } }`;

export const messageAddedSubscription = `subscription Added($id: ID!) { messageAdded(conversationId: $id) { id seq body createdAt owner { id displayName } } }`;
