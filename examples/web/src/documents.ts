// Every operation the client sends, typed by codegen (npm run codegen, in the repository's root,
// writes src/gql/ from these and ../../schema.graphql).
import { graphql } from './gql';

graphql(`
  fragment InboxRow on Conversation {
    id
    title
    isGroup
    isActive
    unreadMessageCount
    updatedAt
    lastMessage {
      id
      body
      createdAt
      attachments {
        type
      }
      owner {
        id
        displayName
      }
    }
  }
`);

graphql(`
  fragment ShownMessage on Message {
    id
    seq
    cursor
    type
    body
    createdAt
    isDeleted
    readCount
    owner {
      id
      displayName
    }
    reactionCounts {
      type
      count
    }
    viewerReactions
    attachments {
      __typename
      type
      ... on FileAttachment {
        fileId
        fileUrl
        thumbnailUrl
        name
        mimeType
      }
      ... on AdminAttachment {
        adminMessageType
      }
    }
  }
`);

export const InboxDocument = graphql(`
  query WebInbox {
    viewer {
      id
      displayName
      unreadMessageCount
    }
    conversations(first: 50) {
      edges {
        node {
          ...InboxRow
        }
      }
    }
  }
`);

export const ViewerEventsDocument = graphql(`
  subscription WebViewerEvents {
    viewerEvents {
      __typename
      ... on ConversationAdded {
        totalUnreadMessageCount
        conversation {
          ...InboxRow
        }
      }
      ... on NewMessage {
        totalUnreadMessageCount
        conversation {
          ...InboxRow
        }
      }
      ... on UnreadCountChanged {
        totalUnreadMessageCount
        conversation {
          ...InboxRow
        }
      }
      ... on ConversationChanged {
        totalUnreadMessageCount
        conversation {
          ...InboxRow
        }
      }
      ... on ConversationRemoved {
        totalUnreadMessageCount
        conversationId
        keptConversation {
          ...InboxRow
        }
      }
    }
  }
`);

export const HistoryDocument = graphql(`
  query WebHistory($id: ID!) {
    conversation(id: $id) {
      id
      title
      config {
        typingEvents
        readEvents
      }
    }
    messages(conversationId: $id, orderBy: CREATED_AT_ASC, last: 50) {
      edges {
        cursor
        node {
          ...ShownMessage
        }
      }
    }
  }
`);

export const MessageAddedDocument = graphql(`
  subscription WebMessageAdded($id: ID!, $after: String) {
    messageAdded(conversationId: $id, after: $after) {
      ...ShownMessage
    }
  }
`);

export const ConversationEventsDocument = graphql(`
  subscription WebConversationEvents($id: ID!) {
    conversationEvents(conversationId: $id) {
      __typename
      ... on ReactionsChanged {
        message {
          id
        }
        reactionCounts {
          type
          count
        }
      }
      ... on Typing {
        isTyping
        expiresAt
        user {
          id
          displayName
        }
      }
      ... on MessagesRead {
        messages {
          id
          readCount
        }
      }
      ... on MessageEdited {
        message {
          ...ShownMessage
        }
      }
      ... on MessageDeleted {
        message {
          ...ShownMessage
        }
      }
    }
  }
`);

export const CreateConversationDocument = graphql(`
  mutation WebCreateConversation($input: CreateConversationInput!) {
    createConversation(input: $input) {
      ...InboxRow
    }
  }
`);

export const SendDocument = graphql(`
  mutation WebSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      ...ShownMessage
    }
  }
`);

export const UploadDocument = graphql(`
  mutation WebUpload($file: File!) {
    uploadFile(file: $file) {
      id
      url
      thumbnailUrl
      contentType
      size
      name
      width
      height
    }
  }
`);

export const AddReactionDocument = graphql(`
  mutation WebAddReaction($id: ID!, $type: String!) {
    addReaction(messageId: $id, type: $type) {
      id
      reactionCounts {
        type
        count
      }
      viewerReactions
    }
  }
`);

export const RemoveReactionDocument = graphql(`
  mutation WebRemoveReaction($id: ID!, $type: String!) {
    removeReaction(messageId: $id, type: $type) {
      id
      reactionCounts {
        type
        count
      }
      viewerReactions
    }
  }
`);

export const TypingDocument = graphql(`
  mutation WebTyping($id: ID!, $isTyping: Boolean!) {
    sendTypingEvent(conversationId: $id, isTyping: $isTyping)
  }
`);

export const MarkReadDocument = graphql(`
  mutation WebMarkRead($id: ID!) {
    markConversationRead(conversationId: $id) {
      id
      unreadMessageCount
    }
  }
`);
