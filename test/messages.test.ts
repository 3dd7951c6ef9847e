// Messages: every way of sending, attachments, filters and search, reading, reactions, pins,
// broadcast and forward, deleting, editing and flagging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { errorCodes, startApp, type TestApp } from './helpers/app.ts';
import type { PrismaClient } from '../src/db/client.ts';
import { messagesWithOwnersBetween } from '../src/sql/messages.ts';
import { insertMessage, type NewMessage } from '../src/sql/send.ts';

/** the test app's own database */
let prisma: PrismaClient;

const Create = graphql(`
  mutation MsgCreate($input: CreateConversationInput!) {
    createConversation(input: $input) {
      id
    }
  }
`);

const Send = graphql(`
  mutation MsgSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      id
      seq
      type
      body
      customType
      showInConversation
      encrypted
      metaData
      createdAt
      replyCount
      conversation {
        id
        isGroup
      }
      parent {
        id
      }
      recipients {
        id
      }
      mentionedUsers {
        wordCount
        order
        user {
          id
        }
      }
      attachments {
        type
        customType
        extra
        ... on FileAttachment {
          fileUrl
          name
          mimeType
          extension
          size
          thumbnailUrl
        }
        ... on LocationAttachment {
          latitude
          longitude
          title
          address
        }
        ... on GifAttachment {
          originalUrl
          downsampledUrl
          stillUrl
        }
        ... on AdminAttachment {
          adminMessageType
          metaData
        }
        ... on TextAttachment {
          text
        }
      }
    }
  }
`);

const One = graphql(`
  query MsgOne($id: ID!) {
    message(id: $id) {
      id
      body
      isDeleted
      replyCount
      readCount
      flagCount
      pinned
      pinnedAt
      pinnedBy {
        id
      }
      editedAt
      reactionCounts {
        type
        count
      }
      viewerReactions
      forwardedFrom {
        id
      }
      attachments {
        type
      }
      replies(first: 10) {
        totalCount
        edges {
          node {
            body
          }
        }
      }
    }
  }
`);

const List = graphql(`
  query MsgList($id: ID!, $filter: MessageFilter, $orderBy: MessageOrder, $first: Int) {
    messages(conversationId: $id, filter: $filter, orderBy: $orderBy, first: $first) {
      totalCount
      edges {
        node {
          id
          body
          type
        }
      }
    }
    messageCount(conversationId: $id, filter: $filter)
  }
`);

const Inbox = graphql(`
  query MsgInbox($id: ID!) {
    conversation(id: $id) {
      unreadMessageCount
      lastReadAt
      messageCount
      lastMessage {
        body
      }
    }
    unreadMessageCount
  }
`);

const MarkRead = graphql(`
  mutation MsgMarkRead($id: ID!, $timestamp: DateTime) {
    markConversationRead(conversationId: $id, timestamp: $timestamp) {
      unreadMessageCount
      lastReadAt
    }
  }
`);

const React = graphql(`
  mutation MsgReact($id: ID!, $type: String!) {
    addReaction(messageId: $id, type: $type) {
      reactionCounts {
        type
        count
      }
      viewerReactions
    }
  }
`);
const Unreact = graphql(`
  mutation MsgUnreact($id: ID!, $type: String!) {
    removeReaction(messageId: $id, type: $type) {
      reactionCounts {
        type
        count
      }
    }
  }
`);
const Reactors = graphql(`
  query MsgReactors($id: ID!, $type: String!, $after: String) {
    message(id: $id) {
      reactions(type: $type, first: 2, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            type
            createdAt
            user {
              id
            }
          }
        }
      }
    }
  }
`);
const Pin = graphql(`
  mutation MsgPin($id: ID!) {
    pinMessage(messageId: $id) {
      pinned
    }
  }
`);
const Unpin = graphql(`
  mutation MsgUnpin($id: ID!) {
    unpinMessage(messageId: $id) {
      pinned
    }
  }
`);
const Pinned = graphql(`
  query MsgPinned($id: ID!) {
    conversation(id: $id) {
      pinnedMessages(first: 10) {
        totalCount
        edges {
          node {
            id
          }
        }
      }
    }
  }
`);
const Broadcast = graphql(`
  mutation MsgBroadcast($input: BroadcastMessageInput!) {
    broadcastMessage(input: $input) {
      id
      body
      conversation {
        id
        isGroup
      }
    }
  }
`);
const Forward = graphql(`
  mutation MsgForward($messageIds: [ID!]!, $conversationIds: [ID!], $userIds: [ID!]) {
    forwardMessages(messageIds: $messageIds, conversationIds: $conversationIds, userIds: $userIds) {
      id
      type
      body
      forwardedFrom {
        id
      }
      conversation {
        id
      }
    }
  }
`);
const DeleteOwn = graphql(`
  mutation MsgDeleteOwn($ids: [ID!]!) {
    deleteMessages(messageIds: $ids)
  }
`);
const DeleteAll = graphql(`
  mutation MsgDeleteAll($ids: [ID!]!, $replacement: String) {
    deleteMessagesForEveryone(messageIds: $ids, replacementBody: $replacement) {
      id
      body
      isDeleted
      attachments {
        type
      }
      reactionCounts {
        count
      }
    }
  }
`);
const Edit = graphql(`
  mutation MsgEdit($id: ID!, $input: EditMessageInput!) {
    editMessage(messageId: $id, input: $input) {
      body
      editedAt
    }
  }
`);
const Flag = graphql(`
  mutation MsgFlag($id: ID!) {
    flagMessage(messageId: $id, reason: "spam") {
      flagCount
      isDeleted
    }
  }
`);
const Unflag = graphql(`
  mutation MsgUnflag($id: ID!) {
    unflagMessage(messageId: $id) {
      flagCount
    }
  }
`);

let app: TestApp;
let n = 0;

beforeAll(async () => {
  app = await startApp();
  prisma = app.server.database.prisma;
  await app.users('amy', 'bo', 'cy', 'di', 'ed');
});
afterAll(() => app.stop());

async function newGroup(as = 'amy', memberIds = ['bo', 'cy'], extra: Record<string, unknown> = {}) {
  return (await app.data(Create, { input: { title: `M${++n}`, memberIds, ...extra } }, { as })).createConversation.id;
}
async function send(as: string, input: Record<string, unknown>) {
  return (await app.data(Send, { input } as never, { as })).sendMessage;
}
const bodies = async (id: string, as: string, filter: Record<string, unknown> = {}) =>
  (await app.data(List, { id, filter, first: 100, orderBy: 'CREATED_AT_ASC' }, { as })).messages.edges.map((e) => e.node.body);

describe('sendMessage', () => {
  it('sends to a userId through the 1-to-1, making it once', async () => {
    const first = await send('amy', { userId: 'di', body: 'hi di' });
    expect(first.conversation.isGroup).toBe(false);
    const second = await send('di', { userId: 'amy', body: 'hi amy' });
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(errorCodes(await app.request(Send, { input: { userId: 'amy', body: 'me' } }, { as: 'amy' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(Send, { input: { userId: 'ghost', body: 'boo' } }, { as: 'amy' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(Send, { input: { body: 'nowhere' } }, { as: 'amy' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('stores every field', async () => {
    const id = await newGroup();
    const m = await send('amy', {
      conversationId: id,
      body: 'Hello @Bo Smith',
      customType: 'greeting',
      showInConversation: false,
      encrypted: true,
      metaData: { mood: 'happy' },
      mentionedUsers: [{ userId: 'bo', wordCount: 2, order: 1 }],
    });
    expect(m).toMatchObject({
      type: 'NORMAL',
      customType: 'greeting',
      showInConversation: false,
      encrypted: true,
      metaData: { mood: 'happy' },
      mentionedUsers: [{ wordCount: 2, order: 1, user: { id: 'bo' } }],
    });
  });

  it('makes a REPLY from parentId, counting replies on the parent', async () => {
    const id = await newGroup();
    const parent = await send('amy', { conversationId: id, body: 'question' });
    const reply = await send('bo', { conversationId: id, body: 'answer', parentId: parent.id });
    expect(reply).toMatchObject({ type: 'REPLY', parent: { id: parent.id } });
    const { message } = await app.data(One, { id: parent.id }, { as: 'cy' });
    expect(message).toMatchObject({ replyCount: 1, replies: { totalCount: 1, edges: [{ node: { body: 'answer' } }] } });
    const other = await newGroup();
    const before = await prisma.message.count();
    expect(
      errorCodes(await app.request(Send, { input: { conversationId: other, body: 'x', parentId: parent.id } }, { as: 'amy' })),
    ).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(Send, { input: { conversationId: id, body: 'x', type: 'REPLY' } }, { as: 'amy' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await prisma.message.count()).toBe(before);
  });

  it('keeps FORWARD for forwardMessages and ADMIN for the API key', async () => {
    const id = await newGroup();
    expect(errorCodes(await app.request(Send, { input: { conversationId: id, body: 'x', type: 'FORWARD' } }, { as: 'amy' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(errorCodes(await app.request(Send, { input: { conversationId: id, body: 'x', type: 'ADMIN' } }, { as: 'amy' }))).toEqual([
      'FORBIDDEN',
    ]);
    const admin = await app.data(
      Send,
      {
        input: {
          conversationId: id,
          type: 'ADMIN',
          attachments: [{ type: 'admin', adminMessageType: 'custom_event', metaData: { subId: 'amy', objType: 'group' } }],
        },
      },
      { as: 'amy', apiKey: true },
    );
    expect(admin.sendMessage.attachments).toEqual([
      { type: 'admin', customType: null, extra: null, adminMessageType: 'custom_event', metaData: { subId: 'amy', objType: 'group' } },
    ]);
  });

  it('lets only the API key set createdAt, and is idempotent with a client id', async () => {
    const id = await newGroup();
    const createdAt = '2021-05-05T10:00:00.000Z';
    expect(errorCodes(await app.request(Send, { input: { conversationId: id, body: 'old', createdAt } }, { as: 'amy' }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      (await app.data(Send, { input: { conversationId: id, body: 'old', createdAt } }, { as: 'amy', apiKey: true })).sendMessage.createdAt,
    ).toBe(createdAt);
    const input = { id: `client-${++n}`, conversationId: id, body: 'once' };
    const a = await send('amy', input);
    const b = await send('amy', input);
    expect(b).toEqual(a);
    expect(errorCodes(await app.request(Send, { input: { ...input, body: 'twice' } }, { as: 'amy' }))).toEqual(['CONFLICT']);
    expect(await prisma.message.count({ where: { id: input.id } })).toBe(1);
  });

  it('takes every kind of attachment, typed on the way out', async () => {
    const id = await newGroup();
    const m = await send('amy', {
      conversationId: id,
      attachments: [
        {
          type: 'image',
          fileUrl: 'https://f.test/a.jpg',
          name: 'a.jpg',
          mimeType: 'image/jpeg',
          extension: 'jpg',
          size: 95860,
          thumbnailUrl: 'https://f.test/t.png',
        },
        { type: 'location', latitude: 37.78, longitude: -122.4, title: 'Union Square', address: '320 Geary St' },
        { type: 'sticker', originalUrl: 'https://g.test/o.gif', downsampledUrl: 'https://g.test/d.gif', stillUrl: 'https://g.test/s.gif' },
        { type: 'text', text: 'quoted' },
        { type: 'poll', customType: 'v1', extra: { question: 'Lunch?', options: ['yes', 'no'] } },
      ],
    });
    expect(m.attachments).toEqual([
      {
        type: 'image',
        customType: null,
        extra: null,
        fileUrl: 'https://f.test/a.jpg',
        name: 'a.jpg',
        mimeType: 'image/jpeg',
        extension: 'jpg',
        size: 95860,
        thumbnailUrl: 'https://f.test/t.png',
      },
      {
        type: 'location',
        customType: null,
        extra: null,
        latitude: 37.78,
        longitude: -122.4,
        title: 'Union Square',
        address: '320 Geary St',
      },
      {
        type: 'sticker',
        customType: null,
        extra: null,
        originalUrl: 'https://g.test/o.gif',
        downsampledUrl: 'https://g.test/d.gif',
        stillUrl: 'https://g.test/s.gif',
      },
      { type: 'text', customType: null, extra: null, text: 'quoted' },
      { type: 'poll', customType: 'v1', extra: { question: 'Lunch?', options: ['yes', 'no'] } },
    ]);
    expect(await bodies(id, 'bo', { attachmentTypes: ['location'] })).toEqual([null]);
  });

  it('refuses bad content and writes nothing', async () => {
    const id = await newGroup();
    const parentElsewhere = await send('amy', { conversationId: await newGroup(), body: 'elsewhere' });
    const before = await prisma.message.count();
    const bad: Record<string, unknown>[] = [
      { body: 'x'.repeat(10_001) },
      { body: '' },
      { body: 'x', attachments: Array.from({ length: 11 }, () => ({ type: 'text', text: 't' })) },
      { body: 'x', attachments: [{ type: 'image' }] },
      { body: 'x', attachments: [{ type: 'image', fileUrl: 'ftp://x' }] },
      { body: 'x', attachments: [{ type: 'location', latitude: 91, longitude: 0 }] },
      { body: 'x', attachments: [{ type: 'image', fileUrl: 'https://f.test/a', size: -1 }] },
      { body: 'x', attachments: [{ type: 'image', fileUrl: 'https://f.test/a', latitude: 1 }] },
      { body: 'x', attachments: [{ type: 'admin', adminMessageType: 'fake' }] },
      { body: 'x', attachments: [{ type: 'bad type!' }] },
      { body: 'x', mentionedUsers: Array.from({ length: 51 }, (_, i) => ({ userId: `u${i}`, wordCount: 1, order: 1 })) },
      { body: 'x', mentionedUsers: [{ userId: 'ghost', wordCount: 1, order: 1 }] },
      { body: 'x', mentionedUsers: [{ userId: 'bo', wordCount: 0, order: 1 }] },
      { body: 'x', recipientIds: Array.from({ length: 101 }, (_, i) => `u${i}`) },
      { body: 'x', recipientIds: ['ed'] },
      { body: 'x', parentId: parentElsewhere.id },
    ];
    for (const input of bad) {
      const result = await app.request(Send, { input: { conversationId: id, ...input } } as never, { as: 'amy' });
      expect(errorCodes(result), JSON.stringify(input).slice(0, 120)).toEqual(['BAD_USER_INPUT']);
    }
    expect(await prisma.message.count()).toBe(before);
  });
});

describe('recipients', () => {
  it('shows a message with recipientIds only to them and the sender, everywhere', async () => {
    const id = await newGroup('amy', ['bo', 'cy']);
    await send('amy', { conversationId: id, body: 'for everyone' });
    const secret = await send('amy', { conversationId: id, body: 'secret for bo', recipientIds: ['bo'] });
    for (const [user, sees] of [
      ['amy', true],
      ['bo', true],
      ['cy', false],
    ] as const) {
      expect((await bodies(id, user)).includes('secret for bo'), user).toBe(sees);
      expect((await bodies(id, user, { search: 'secret' })).length, user).toBe(sees ? 1 : 0);
      const { conversation } = await app.data(Inbox, { id }, { as: user });
      expect(conversation!.lastMessage!.body, user).toBe(sees ? 'secret for bo' : 'for everyone');
      const count = (await app.data(List, { id, first: 1 }, { as: user })).messageCount;
      expect(count, user).toBe(sees ? 3 : 2);
      if (!sees) expect(errorCodes(await app.request(One, { id: secret.id }, { as: user }))).toEqual(['NOT_FOUND']);
    }
    expect((await app.data(Inbox, { id }, { as: 'bo' })).conversation!.unreadMessageCount).toBe(2);
    expect((await app.data(Inbox, { id }, { as: 'cy' })).conversation!.unreadMessageCount).toBe(1);
  });

  it('moves updatedAt and the list order only for those who see the message', async () => {
    const older = await newGroup('amy', ['bo', 'cy']);
    const newer = await newGroup('amy', ['bo', 'cy']);
    const order = async (as: string) =>
      (
        (await app.data(
          'query ($ids: [ID!]) { conversations(filter: { ids: $ids }) { edges { node { id updatedAt } } } }',
          { ids: [older, newer] },
          { as },
        )) as { conversations: { edges: { node: { id: string; updatedAt: string } }[] } }
      ).conversations.edges.map((e) => e.node);
    expect((await order('cy')).map((c) => c.id)).toEqual([newer, older]);
    const cyBefore = (await order('cy')).find((c) => c.id === older)!.updatedAt;
    await new Promise((r) => setTimeout(r, 5));
    await send('amy', { conversationId: older, body: 'just for bo', recipientIds: ['bo'] });
    expect((await order('bo')).map((c) => c.id)).toEqual([older, newer]);
    expect((await order('cy')).map((c) => c.id)).toEqual([newer, older]);
    expect((await order('cy')).find((c) => c.id === older)!.updatedAt).toBe(cyBefore);
  });
});

describe('messages and messageCount', () => {
  let id: string;
  beforeAll(async () => {
    id = await newGroup('amy', ['bo', 'cy']);
    await send('amy', { conversationId: id, body: 'The quick brown fox', customType: 'a' });
    await send('bo', { conversationId: id, body: 'jumps over the lazy dog', customType: 'b' });
    await send('cy', { conversationId: id, body: 'a brown dog sleeps', attachments: [{ type: 'image', fileUrl: 'https://f.test/x.png' }] });
  });

  it('filters by type, custom type, owner, attachment type and ids', async () => {
    expect(await bodies(id, 'amy', { types: ['NORMAL'] })).toHaveLength(3);
    expect(await bodies(id, 'amy', { types: ['ADMIN'] })).toEqual([null]);
    expect(await bodies(id, 'amy', { customTypes: ['b'] })).toEqual(['jumps over the lazy dog']);
    expect(await bodies(id, 'amy', { ownerIds: ['cy'] })).toEqual(['a brown dog sleeps']);
    expect(await bodies(id, 'amy', { attachmentTypes: ['image'] })).toEqual(['a brown dog sleeps']);
    expect(await bodies(id, 'amy', { showInConversation: false })).toEqual([]);
    expect(await bodies(id, 'amy', { pinned: true })).toEqual([]);
  });

  it('searches the body as full text', async () => {
    expect(await bodies(id, 'bo', { search: 'brown' })).toEqual(['The quick brown fox', 'a brown dog sleeps']);
    expect(await bodies(id, 'bo', { search: 'brown -fox' })).toEqual(['a brown dog sleeps']);
    expect(await bodies(id, 'bo', { search: '"lazy dog"' })).toEqual(['jumps over the lazy dog']);
    expect(await bodies(id, 'bo', { search: 'DOG' })).toHaveLength(2);
    expect(await bodies(id, 'bo', { search: 'cat' })).toEqual([]);
  });

  it('orders by creation and update time', async () => {
    const desc = (await app.data(List, { id, first: 10 }, { as: 'amy' })).messages.edges.map((e) => e.node.body);
    expect(desc.slice(0, 3)).toEqual(['a brown dog sleeps', 'jumps over the lazy dog', 'The quick brown fox']);
    const first = (await app.data(List, { id, first: 10, orderBy: 'CREATED_AT_ASC' }, { as: 'amy' })).messages.edges[1]!.node;
    await app.data(Edit, { id: first.id, input: { body: 'The quick brown fox (edited)' } }, { as: 'amy' });
    const byUpdate = (await app.data(List, { id, first: 10, orderBy: 'UPDATED_AT_DESC' }, { as: 'amy' })).messages.edges.map(
      (e) => e.node.body,
    );
    expect(byUpdate[0]).toBe('The quick brown fox (edited)');
    const asc = (await app.data(List, { id, first: 10, orderBy: 'UPDATED_AT_ASC' }, { as: 'amy' })).messages.edges.map((e) => e.node.body);
    expect(asc.at(-1)).toBe('The quick brown fox (edited)');
  });
});

describe('reading', () => {
  it('counts unread messages exactly, and readCount', async () => {
    const id = await newGroup('amy', ['bo', 'cy']);
    const m1 = await send('amy', { conversationId: id, body: 'one' });
    await send('amy', { conversationId: id, body: 'two' });
    await send('bo', { conversationId: id, body: 'own message of bo' });
    expect((await app.data(Inbox, { id }, { as: 'bo' })).conversation!.unreadMessageCount).toBe(2);
    expect((await app.data(Inbox, { id }, { as: 'cy' })).conversation!.unreadMessageCount).toBe(3);
    const { markConversationRead } = await app.data(MarkRead, { id }, { as: 'bo' });
    expect(markConversationRead.unreadMessageCount).toBe(0);
    expect(markConversationRead.lastReadAt).not.toBeNull();
    expect((await app.data(One, { id: m1.id }, { as: 'amy' })).message!.readCount).toBe(1);
    // reading up to a moment in the past
    const at = new Date((await prisma.message.findUnique({ where: { id: m1.id } }))!.createdAt);
    await app.data(MarkRead, { id, timestamp: at.toISOString() }, { as: 'cy' });
    expect((await app.data(Inbox, { id }, { as: 'cy' })).conversation!.unreadMessageCount).toBe(2);
    expect((await app.data(One, { id: m1.id }, { as: 'amy' })).message!.readCount).toBe(2);
    // a later, earlier timestamp never moves the position back
    await app.data(MarkRead, { id, timestamp: '2000-01-01T00:00:00.000Z' }, { as: 'bo' });
    expect((await app.data(Inbox, { id }, { as: 'bo' })).conversation!.unreadMessageCount).toBe(0);
  });

  it('does not count messages sent with updateUnreadCount false or with readEvents off', async () => {
    const id = await newGroup('amy', ['bo']);
    await send('amy', { conversationId: id, body: 'quiet', events: { updateUnreadCount: false } });
    expect((await app.data(Inbox, { id }, { as: 'bo' })).conversation!.unreadMessageCount).toBe(0);
    const quiet = await newGroup('amy', ['bo'], { config: { readEvents: false } });
    const m = await send('amy', { conversationId: quiet, body: 'no read events' });
    expect((await app.data(Inbox, { id: quiet }, { as: 'bo' })).conversation!.unreadMessageCount).toBe(0);
    await app.data(MarkRead, { id: quiet }, { as: 'bo' });
    expect((await app.data(One, { id: m.id }, { as: 'amy' })).message!.readCount).toBe(0);
  });

  it('sums unread messages over all conversations', async () => {
    await app.users(`total${++n}`);
    const viewer = `total${n}`;
    const a = await newGroup('amy', [viewer]);
    const b = await newGroup('bo', [viewer]);
    await send('amy', { conversationId: a, body: '1' });
    await send('amy', { conversationId: a, body: '2' });
    await send('bo', { conversationId: b, body: '3' });
    expect((await app.data(Inbox, { id: a }, { as: viewer })).unreadMessageCount).toBe(3);
    await app.data(MarkRead, { id: a }, { as: viewer });
    expect((await app.data(Inbox, { id: a }, { as: viewer })).unreadMessageCount).toBe(1);
  });
});

describe('reactions', () => {
  it('adds and removes idempotently, counts, and lists who reacted', async () => {
    const id = await newGroup('amy', ['bo', 'cy', 'di']);
    const m = await send('amy', { conversationId: id, body: 'react to me' });
    for (const user of ['bo', 'cy', 'di']) await app.data(React, { id: m.id, type: 'like' }, { as: user });
    const again = await app.data(React, { id: m.id, type: 'like' }, { as: 'bo' });
    expect(again.addReaction.reactionCounts).toEqual([{ type: 'like', count: 3 }]);
    const heart = await app.data(React, { id: m.id, type: '❤️' }, { as: 'bo' });
    expect(heart.addReaction.viewerReactions).toEqual(['like', '❤️']);
    expect((await app.data(Unreact, { id: m.id, type: 'like' }, { as: 'cy' })).removeReaction.reactionCounts).toEqual([
      { type: 'like', count: 2 },
      { type: '❤️', count: 1 },
    ]);
    await app.data(Unreact, { id: m.id, type: 'like' }, { as: 'cy' });
    const page1 = await app.data(Reactors, { id: m.id, type: 'like' }, { as: 'amy' });
    expect(page1.message!.reactions.totalCount).toBe(2);
    expect(page1.message!.reactions.edges.map((e) => e.node.user.id)).toEqual(['bo', 'di']);
    expect(page1.message!.reactions.pageInfo.hasNextPage).toBe(false);
    expect(await prisma.reaction.count({ where: { messageId: m.id } })).toBe(3);
  });

  it('refuses over-long types and messages the viewer did not receive', async () => {
    const id = await newGroup('amy', ['bo', 'cy']);
    const m = await send('amy', { conversationId: id, body: 'for bo', recipientIds: ['bo'] });
    expect(errorCodes(await app.request(React, { id: m.id, type: 'x'.repeat(33) }, { as: 'bo' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await app.request(React, { id: m.id, type: 'like' }, { as: 'cy' }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await app.request(React, { id: m.id, type: 'like' }, { as: 'ed' }))).toEqual(['FORBIDDEN']);
    expect(await prisma.reaction.count({ where: { messageId: m.id } })).toBe(0);
  });
});

describe('pins', () => {
  it('pins while config.pinMessages, for admins of groups', async () => {
    const id = await newGroup('amy', ['bo'], { config: { pinMessages: true } });
    const m = await send('bo', { conversationId: id, body: 'pin me' });
    expect(errorCodes(await app.request(Pin, { id: m.id }, { as: 'bo' }))).toEqual(['FORBIDDEN']);
    expect((await app.data(Pin, { id: m.id }, { as: 'amy' })).pinMessage.pinned).toBe(true);
    const one = await app.data(One, { id: m.id }, { as: 'bo' });
    expect(one.message).toMatchObject({ pinned: true, pinnedBy: { id: 'amy' } });
    expect((await app.data(Pinned, { id }, { as: 'bo' })).conversation!.pinnedMessages.edges.map((e) => e.node.id)).toEqual([m.id]);
    expect(await bodies(id, 'bo', { pinned: true })).toEqual(['pin me']);
    expect((await app.data(Unpin, { id: m.id }, { as: 'amy' })).unpinMessage.pinned).toBe(false);
    const off = await newGroup('amy', ['bo']);
    const other = await send('amy', { conversationId: off, body: 'no pins here' });
    expect(errorCodes(await app.request(Pin, { id: other.id }, { as: 'amy' }))).toEqual(['FORBIDDEN']);
  });
});

describe('broadcast and forward', () => {
  it('broadcasts to conversations and users, or to nobody when one target is refused', async () => {
    const a = await newGroup('amy', ['bo']);
    const b = await newGroup('amy', ['cy']);
    const { broadcastMessage } = await app.data(
      Broadcast,
      { input: { conversationIds: [a, b], userIds: ['ed'], body: 'news' } },
      { as: 'amy' },
    );
    expect(broadcastMessage).toHaveLength(3);
    expect(broadcastMessage.filter((m) => !m.conversation.isGroup)).toHaveLength(1);
    const notMine = await newGroup('bo', ['cy']);
    const before = await prisma.message.count();
    const refused = await app.request(Broadcast, { input: { conversationIds: [a, notMine], body: 'sneaky' } }, { as: 'amy' });
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(await prisma.message.count()).toBe(before);
  });

  it('forwards copies with forwardedFrom', async () => {
    const from = await newGroup('amy', ['bo']);
    const to = await newGroup('bo', ['cy']);
    const original = await send('amy', { conversationId: from, body: 'pass it on', attachments: [{ type: 'text', text: 'x' }] });
    const { forwardMessages } = await app.data(Forward, { messageIds: [original.id], conversationIds: [to] }, { as: 'bo' });
    expect(forwardMessages).toEqual([
      { id: expect.any(String), type: 'FORWARD', body: 'pass it on', forwardedFrom: { id: original.id }, conversation: { id: to } },
    ]);
    // cy cannot see the original: forwardedFrom is hidden from them
    expect((await app.data(One, { id: forwardMessages[0]!.id }, { as: 'cy' })).message!.forwardedFrom).toBeNull();
    // the viewer must read the source and post to the target
    expect(errorCodes(await app.request(Forward, { messageIds: [original.id], conversationIds: [to] }, { as: 'cy' }))).toEqual([
      'FORBIDDEN',
    ]);
    const notBos = await newGroup('amy', ['cy']);
    expect(errorCodes(await app.request(Forward, { messageIds: [original.id], conversationIds: [notBos] }, { as: 'bo' }))).toEqual([
      'FORBIDDEN',
    ]);
  });
});

describe('deleting, editing and flagging', () => {
  it('deletes the viewer’s copy, not in public groups', async () => {
    const id = await newGroup('amy', ['bo']);
    const m = await send('amy', { conversationId: id, body: 'forget me' });
    expect((await app.data(DeleteOwn, { ids: [m.id] }, { as: 'bo' })).deleteMessages).toEqual([m.id]);
    expect(await bodies(id, 'bo')).not.toContain('forget me');
    expect(await bodies(id, 'amy')).toContain('forget me');
    const pub = await newGroup('amy', ['bo'], { type: 'PUBLIC' });
    const p = await send('amy', { conversationId: pub, body: 'public' });
    expect(errorCodes(await app.request(DeleteOwn, { ids: [p.id] }, { as: 'bo' }))).toEqual(['FORBIDDEN']);
  });

  it('recalls for everyone: the sender only; body replaced, attachments and reactions gone', async () => {
    const id = await newGroup('amy', ['bo']);
    const m = await send('amy', { conversationId: id, body: 'oops', attachments: [{ type: 'text', text: 't' }] });
    await app.data(React, { id: m.id, type: 'like' }, { as: 'bo' });
    expect(errorCodes(await app.request(DeleteAll, { ids: [m.id] }, { as: 'bo' }))).toEqual(['FORBIDDEN']);
    const { deleteMessagesForEveryone } = await app.data(
      DeleteAll,
      { ids: [m.id], replacement: 'This message was deleted' },
      { as: 'amy' },
    );
    expect(deleteMessagesForEveryone).toEqual([
      { id: m.id, body: 'This message was deleted', isDeleted: true, attachments: [], reactionCounts: [] },
    ]);
    expect(await bodies(id, 'bo')).toContain('This message was deleted');
    expect(await prisma.reaction.count({ where: { messageId: m.id } })).toBe(0);
    const emptied = await send('amy', { conversationId: id, body: 'gone' });
    expect((await app.data(DeleteAll, { ids: [emptied.id] }, { as: 'amy' })).deleteMessagesForEveryone[0]!.body).toBeNull();
  });

  it('edits: the sender only, with editedAt', async () => {
    const id = await newGroup('amy', ['bo']);
    const m = await send('amy', { conversationId: id, body: 'typo' });
    expect(errorCodes(await app.request(Edit, { id: m.id, input: { body: 'hacked' } }, { as: 'bo' }))).toEqual(['FORBIDDEN']);
    const { editMessage } = await app.data(Edit, { id: m.id, input: { body: 'fixed' } }, { as: 'amy' });
    expect(editMessage.body).toBe('fixed');
    expect(editMessage.editedAt).not.toBeNull();
    expect(errorCodes(await app.request(Edit, { id: m.id, input: { body: 'x'.repeat(10_001) } }, { as: 'amy' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('flags, unflags, and deletes for everyone at the flag limit', async () => {
    const id = await newGroup('amy', ['bo', 'cy', 'di'], { flagLimit: 2 });
    const m = await send('amy', { conversationId: id, body: 'spam spam' });
    expect((await app.data(Flag, { id: m.id }, { as: 'bo' })).flagMessage).toEqual({ flagCount: 1, isDeleted: false });
    expect((await app.data(Flag, { id: m.id }, { as: 'bo' })).flagMessage.flagCount).toBe(1);
    expect((await app.data(Unflag, { id: m.id }, { as: 'bo' })).unflagMessage.flagCount).toBe(0);
    await app.data(Flag, { id: m.id }, { as: 'bo' });
    expect((await app.data(Flag, { id: m.id }, { as: 'cy' })).flagMessage).toEqual({ flagCount: 2, isDeleted: true });
    expect(errorCodes(await app.request(Flag, { id: m.id }, { as: 'amy' }))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('one message a row, as the hot statements read it', () => {
  // The live feeds' read and the send's answer carry each message, and its sender, as one JSON
  // column (sql/messages.ts readMessage) instead of a column per field. Every field must come back
  // as Prisma reads the row: the same values, Dates to the millisecond, JSON, arrays and nulls.
  it('gives every field of the message and its sender as Prisma reads them', async () => {
    const id = await newGroup('amy', ['bo', 'cy'], { config: { pinMessages: true } });
    const parent = await send('amy', { conversationId: id, body: 'parent' });
    const full = await send('bo', {
      conversationId: id,
      body: 'full @cy',
      customType: 'poll',
      parentId: parent.id,
      metaData: { k: 1, nested: { list: [1, 'two'] } },
      mentionedUsers: [{ userId: 'cy', wordCount: 1, order: 1 }],
      attachments: [{ type: 'text', text: 't' }],
      encrypted: true,
    });
    await app.data(Pin, { id: full.id }, { as: 'amy' });
    await app.data(React, { id: full.id, type: 'like' }, { as: 'cy' });
    await app.data(Flag, { id: full.id }, { as: 'cy' });
    await app.data(Edit, { id: full.id, input: { body: 'full, edited' } }, { as: 'bo' });
    await send('amy', { conversationId: id, body: 'for bo', recipientIds: ['bo'] });
    const recalled = await send('cy', { conversationId: id, body: 'recall me' });
    await app.data(DeleteAll, { ids: [recalled.id] }, { as: 'cy' });

    const db = app.server.database;
    const asPrisma = (messageId: string) => prisma.message.findUniqueOrThrow({ where: { id: messageId } });
    // the send's answer, for a sender and for the server, to everyone and to some
    const sends: [NewMessage, string | null][] = [
      [
        {
          type: 'NORMAL',
          body: 'direct',
          ownerId: 'amy',
          parentId: parent.id,
          customType: 'x',
          metaData: { a: [1] },
          mentionedUsers: [{ userId: 'bo', wordCount: 1, order: 1 }],
          attachments: [{ type: 'text', text: 'x' }],
          encrypted: true,
          inputHash: 'hash',
          createdAt: new Date('2020-02-29T23:59:59.123Z'),
        },
        'amy',
      ],
      [{ type: 'NORMAL', body: 'to bo', ownerId: 'cy', recipientIds: ['bo'] }, 'cy'],
      [{ type: 'ADMIN', body: 'from the server', ownerId: null }, null],
    ];
    for (const [data, sender] of sends) {
      const written = await insertMessage(db, id, data, { now: new Date(), sender });
      if (!written || !('message' in written)) throw new Error(`not written: ${JSON.stringify(written)}`);
      expect(written.message).toEqual(await asPrisma(written.message.id));
      // with the row, its owner's, as the feed reads them: this server's feed takes them as they are
      expect(written.written.row.message).toBe(written.message);
      expect(written.written.row.owner).toEqual(sender ? await prisma.user.findUniqueOrThrow({ where: { id: sender } }) : null);
    }

    // the feed's read of them all (the server's ADMIN message has no sender)
    const rows = await messagesWithOwnersBetween(db, id, 0, 1_000, 500);
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.some((r) => r.owner === null)).toBe(true);
    for (const { message, owner } of rows) {
      expect(message).toEqual(await asPrisma(message.id));
      expect(owner).toEqual(message.ownerId ? await prisma.user.findUniqueOrThrow({ where: { id: message.ownerId } }) : null);
    }
    // the states set above show, so the comparison covers them
    const fullRow = rows.find((r) => r.message.id === full.id)!.message;
    expect(fullRow).toMatchObject({ pinnedAt: expect.any(Date), editedAt: expect.any(Date), flagCount: 1, reactionCounts: { like: 1 } });
    expect(rows.find((r) => r.message.id === recalled.id)!.message.deletedAt).toBeInstanceOf(Date);
  });
});
