// No read path decides visibility itself: outside src/access/, the columns and tables the read
// rules are made of (recipients, deleted copies, join / leave / clear marks, history hiding, first
// reads) appear only where this list says why, and every statement over `messages` comes from a
// file that builds its conditions with access/sql.ts or is listed here. The runtime side is
// access/guard.ts: a Message or Conversation that did not pass the access module is never served.
// A new occurrence fails this test: route it through src/access/, or list it here with its reason.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { detailFields, guardedFields } from '../src/schema/index.ts';

const root = path.resolve(import.meta.dirname, '..');

const ruleTokens = [
  'recipient_ids',
  'recipientIds',
  'hidden_messages',
  'hiddenMessage',
  'left_seq',
  'leftSeq',
  'join_seq',
  'joinSeq',
  'cleared_seq',
  'clearedSeq',
  'hide_messages_before_join',
  'hideMessagesBeforeJoin',
  'readers',
  'FROM messages',
  'JOIN messages',
];

/** Where a token may appear outside src/access/, and why that is no read rule of its own. */
const allowed: Record<string, Record<string, string>> = {
  'src/schema/message.ts': { recipientIds: 'the recipients field and input of a message the viewer already sees' },
  'src/schema/conversation.ts': { hideMessagesBeforeJoin: 'the setting, exposed (to readers) and set' },
  'src/conversations/create.ts': { hideMessagesBeforeJoin: 'writes the setting at create' },
  'src/conversations/settings.ts': { hideMessagesBeforeJoin: 'writes the setting', clearedSeq: 'writes the clear mark' },
  'src/conversations/membership.ts': { joinSeq: 'writes the join mark', leftSeq: 'writes the leave mark' },
  'src/messages/input.ts': { recipientIds: 'validates the input' },
  'src/messages/send.ts': { recipientIds: 'checks the recipients are members, and writes them' },
  'src/messages/moderation.ts': { hiddenMessage: 'writes a deleted copy' },
  'src/messages/reading.ts': { leftSeq: 'a read position stops where a former member left' },
  'src/sql/send.ts': {
    recipientIds: 'writes the recipients',
    recipient_ids: 'writes the recipients',
    'FROM messages': "the sender's own recent messages, for slow mode",
  },
  'src/sql/messages.ts': {
    'FROM messages':
      'statements built with messageVisibleSql(), or the feeds\u2019 reads of every message (each subscriber applies the rule at delivery), or a row lock',
    hidden_messages: 'the fact "deleted for the viewer" the rule consumes',
  },
  'src/sql/conversation-fields.ts': { 'FROM messages': 'fragments built with windowSql() and the message rules' },
  'src/sql/batched.ts': {
    'FROM messages':
      'built with windowSql() and the message rules, read counts built with the recipients rule, or a member\u2019s last send time (no content)',
  },
  'src/schema/node.ts': { 'FROM messages': 'which table an id is in, the id alone; the object is then read through its own rule' },
  'src/sql/access.ts': {
    readers: 'the first-read facts the window rule consumes',
    'FROM messages': "the viewer's own recent messages, for slow mode",
  },
  'src/loaders.ts': { hidden_messages: 'the fact "deleted for the viewer" the rule consumes' },
  'src/live/feeds.ts': { readers: 'the feed\u2019s own subscribers (not the readers table)' },
  'src/notifications/before-send.ts': { recipientIds: 'the message about to be sent, shown to the app\u2019s hook' },
  'src/notifications/payloads.ts': {
    recipientIds: 'webhook payloads, for the app (which sees every message)',
    hideMessagesBeforeJoin: 'webhook payloads, for the app',
  },
  'src/sql/deliveries.ts': { 'FROM messages': 'who a new message is pushed to, built with memberSeesMessageSql()' },
};

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' || entry.name === 'access' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

it('finds the parts of read rules only in src/access/, or where a reason is given', () => {
  const unexplained: string[] = [];
  for (const file of sources(path.join(root, 'src'))) {
    const relative = path.relative(root, file);
    const text = fs.readFileSync(file, 'utf8');
    for (const token of ruleTokens) {
      if (text.includes(token) && !allowed[relative]?.[token]) unexplained.push(`${relative}: ${token}`);
    }
  }
  expect(unexplained).toEqual([]);
});

it('lists no reason that is no longer needed', () => {
  const stale: string[] = [];
  for (const [file, tokens] of Object.entries(allowed)) {
    const text = fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '';
    for (const token of Object.keys(tokens)) if (!text.includes(token)) stale.push(`${file}: ${token}`);
  }
  expect(stale).toEqual([]);
});

it('guards every field that returns a Message or a Conversation', () => {
  // mutation payloads, relations, edges and event payloads alike
  for (const field of [
    'Message.parent',
    'Message.forwardedFrom',
    'Message.conversation',
    'MessageEdge.node',
    'Query.message',
    'Conversation.lastMessage',
    'ConversationEdge.node',
    'Mutation.sendMessage',
    'Mutation.deleteConversation',
    'NewMessage.message',
    'ConversationUpdated.conversation',
    'Subscription.messageAdded',
  ]) {
    expect(guardedFields).toContain(field);
  }
});

it("guards a conversation's details: null or empty for a former member", () => {
  for (const field of [
    'owner',
    'members',
    'member',
    'watchers',
    'memberCount',
    'watcherCount',
    'mutedMembers',
    'config',
    'metaData',
    'tags',
    'isFrozen',
  ]) {
    expect(detailFields).toContain(`Conversation.${field}`);
  }
});
