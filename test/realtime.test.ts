// Realtime on one instance, over graphql-ws and SSE: resumable messageAdded, watchers bound to
// connections, presence, conversation and inbox events, typing, and loaders fresh per event.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { graphql } from './gql/index.js';
import { startApp, type TestApp } from './helpers/app.ts';
import { sseConnection, sseSubscribe, until, untilLive, wsClient, type Collected } from './helpers/ws.ts';
import type { PrismaClient } from '../src/db/client.ts';
import { testConfig } from '../src/config.ts';
import { insertMessage } from '../src/sql/send.ts';
import { publishNow } from '../src/db/transaction.ts';
import { publishMessageWritten } from '../src/live/publish.ts';

/** the test app's own database */
let prisma: PrismaClient;

const Added = graphql(`
  subscription RtAdded($id: ID!, $after: String) {
    messageAdded(conversationId: $id, after: $after) {
      seq
      cursor
      body
      conversation {
        title
      }
    }
  }
`);

const Events = graphql(`
  subscription RtEvents($id: ID!) {
    conversationEvents(conversationId: $id) {
      __typename
      ... on MembersAdded {
        users {
          id
        }
        actor {
          id
        }
      }
      ... on MembersRemoved {
        users {
          id
        }
      }
      ... on MessageEdited {
        message {
          body
        }
      }
      ... on MessageDeleted {
        message {
          isDeleted
        }
      }
      ... on MessagePinned {
        message {
          id
        }
      }
      ... on MessageUnpinned {
        message {
          id
        }
      }
      ... on ReactionsChanged {
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
        }
      }
      ... on ConversationUpdated {
        conversation {
          title
        }
      }
    }
  }
`);

const Inbox = graphql(`
  subscription RtInbox {
    viewerEvents {
      __typename
      ... on ConversationAdded {
        conversation {
          id
        }
      }
      ... on ConversationRemoved {
        conversationId
      }
      ... on NewMessage {
        message {
          body
        }
        conversation {
          id
        }
        unreadMessageCount
        totalUnreadMessageCount
      }
      ... on UnreadCountChanged {
        unreadMessageCount
        totalUnreadMessageCount
      }
    }
  }
`);

const Watchers = graphql(`
  subscription RtWatchers($id: ID!) {
    watcherChanged(conversationId: $id) {
      watching
      watcherCount
      user {
        id
      }
    }
  }
`);

const Presence = graphql(`
  query RtPresence($id: ID!) {
    user(id: $id) {
      isOnline
      lastSeenAt
    }
  }
`);

let app: TestApp;
let n = 0;

beforeAll(async () => {
  app = await startApp({ live: { ...testConfig().live, typingTimeoutSeconds: 1, pingIntervalSeconds: 1, connectionTtlSeconds: 3 } });
  prisma = app.server.database.prisma;
  await app.listen();
  await app.users('ana', 'bea', 'cid', 'dov', 'eli');
}, 60_000);
afterAll(() => app.stop());

const bearer = async (user: string) => ({ authorization: `Bearer ${await app.token(user)}` });

async function group(as: string, memberIds: string[], extra: Record<string, unknown> = {}) {
  const result = (await app.data(
    'mutation ($input: CreateConversationInput!) { createConversation(input: $input) { id } }',
    { input: { title: `Live ${++n}`, memberIds, ...extra } },
    { as },
  )) as { createConversation: { id: string } };
  return result.createConversation.id;
}
async function send(as: string, conversationId: string, body: string, extra: Record<string, unknown> = {}) {
  const result = (await app.data(
    'mutation ($input: SendMessageInput!) { sendMessage(input: $input) { id seq cursor } }',
    { input: { conversationId, body, ...extra } },
    { as },
  )) as { sendMessage: { id: string; seq: number; cursor: string } };
  return result.sendMessage;
}
/** Subscribes over graphql-ws or SSE, to check both transports with the same assertions. */
async function subscribe<R, V>(transport: 'ws' | 'sse', user: string, document: Parameters<typeof sseSubscribe<R, V>>[2], variables?: V) {
  if (transport === 'sse') {
    const s = sseSubscribe<R, V>(app.url, await bearer(user), document, variables);
    return { sub: s, close: async () => s.stop() };
  }
  const ws = wsClient(app.url, await bearer(user));
  const s = ws.subscribe<R, V>(document, variables);
  return {
    sub: s,
    close: async () => {
      s.stop();
      await ws.dispose();
    },
  };
}
describe('messageAdded', () => {
  it('shares a result only where it cannot differ by viewer', async () => {
    // the same document and variables for an admin and a member: `isAdmin` and the unread count
    // depend on who asks, so each must get their own result, on both transports
    const id = await group('ana', ['bea', 'cid']);
    const doc = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body conversation { isAdmin unreadMessageCount } } }';
    const subs = await Promise.all([
      subscribe('ws', 'ana', doc, { id }),
      subscribe('ws', 'bea', doc, { id }),
      subscribe('sse', 'ana', doc, { id }),
      subscribe('sse', 'bea', doc, { id }),
    ]);
    await untilLive(
      subs.map(({ sub }) => sub),
      (i) => send('cid', id, `shared ${i}`),
      { what: 'every subscription' },
    );
    const seen = subs.map(
      ({ sub }) => (sub.results[0]!.data as { messageAdded: { conversation: { isAdmin: boolean } } }).messageAdded.conversation.isAdmin,
    );
    expect(seen).toEqual([true, false, true, false]);
    for (const { close } of subs) await close();
  });

  it('resumes with no gap and no duplicate through random disconnects during a burst of 1,000', async () => {
    const senders = ['ana', 'bea', 'cid', 'dov'];
    const id = await group('ana', ['bea', 'cid', 'dov', 'eli']);
    const start = await send('ana', id, 'before the burst');
    const total = 1000;
    const burst = (async () => {
      await Promise.all(
        senders.map(async (s, k) => {
          for (let i = 0; i < total / senders.length; i++) await send(s, id, `${k}:${i}`);
        }),
      );
    })();

    const received: number[] = [];
    let cursor = start.cursor;
    let reconnects = 0;
    let random = 12345;
    const nextRandom = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    while (received.length < total) {
      // alternate transports on each reconnect: both must resume the same way
      const transport = reconnects % 2 ? 'sse' : 'ws';
      const { sub, close } = await subscribe(transport, 'eli', Added, { id, after: cursor });
      // disconnect right after a random number of deliveries (what arrives meanwhile is dropped)
      const stopAt = 1 + Math.floor(nextRandom() * 100);
      let taken: typeof sub.results = [];
      let stopped = false;
      const done = new Promise<void>((resolve) => {
        sub.onResult = (_result, count) => {
          if (stopped || (count < stopAt && received.length + count < total)) return;
          stopped = true;
          taken = sub.results.slice(0, count);
          void close().then(resolve);
        };
      });
      await Promise.race([done, until(() => sub.error !== undefined, 60_000, 'deliveries').catch(() => undefined)]);
      expect(sub.error).toBeUndefined();
      for (const r of taken) {
        const m = r.data!.messageAdded;
        received.push(m.seq);
        cursor = m.cursor;
      }
      reconnects++;
    }
    await burst;
    expect(reconnects).toBeGreaterThan(3);
    expect(received).toEqual(Array.from({ length: total }, (_, i) => start.seq + 1 + i));
  }, 300_000);

  for (const transport of ['ws', 'sse'] as const) {
    it(`ends at once for a removed member, and honours recipients (${transport})`, async () => {
      const id = await group('ana', ['bea', 'cid']);
      const { sub, close } = await subscribe(transport, 'bea', Added, { id });
      await untilLive(sub, (i) => send('ana', id, `warm ${i}`));
      await send('ana', id, 'not for bea', { recipientIds: ['cid'] });
      await send('ana', id, 'for bea too');
      await until(() => sub.results.some((r) => r.data?.messageAdded.body === 'for bea too'), 10_000, 'the message for bea');
      expect(sub.results.map((r) => r.data?.messageAdded.body)).not.toContain('not for bea');
      await app.data('mutation ($id: ID!) { removeMembers(conversationId: $id, userIds: ["bea"]) { id } }', { id }, { as: 'ana' });
      await sub.waitForEnd(5_000);
      expect(JSON.stringify([sub.results.at(-1), sub.error])).toContain('FORBIDDEN');
      await close();
    });
  }

  it('shares one execution between subscribers without giving it to one whose rules refused the message', async () => {
    // the same viewer-independent document for bea and cid: one execution serves both (admitted in
    // the context of whichever asked first), and a message for cid alone reaches cid only
    const id = await group('ana', ['bea', 'cid']);
    const doc = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { seq body } }';
    const [bea, cid] = await Promise.all([subscribe('ws', 'bea', doc, { id }), subscribe('ws', 'cid', doc, { id })]);
    await untilLive([bea.sub, cid.sub], (i) => send('ana', id, `warm ${i}`), { what: 'both subscriptions' });
    type Delivery = { messageAdded: { body: string } };
    const bodies = (sub: typeof bea.sub) => sub.results.map((r) => (r.data as Delivery | undefined)?.messageAdded.body);
    await send('ana', id, 'for cid alone', { recipientIds: ['cid'] });
    await send('ana', id, 'for both');
    await until(() => bodies(bea.sub).includes('for both') && bodies(cid.sub).includes('for both'), 10_000, 'the message for both');
    expect(bodies(cid.sub)).toContain('for cid alone');
    expect(bodies(bea.sub)).not.toContain('for cid alone');
    expect([...bea.sub.results, ...cid.sub.results].filter((r) => r.errors)).toEqual([]);
    await Promise.all([bea.close(), cid.close()]);
  });

  it('shows each event with fresh data, not what an earlier event loaded', async () => {
    const id = await group('ana', ['bea']);
    const { sub, close } = await subscribe('ws', 'bea', Added, { id });
    await untilLive(sub, (i) => send('ana', id, `warm ${i}`));
    await app.data('mutation ($id: ID!) { updateConversation(id: $id, input: { title: "Renamed" }) { id } }', { id }, { as: 'ana' });
    await send('ana', id, 'after the rename');
    await until(() => sub.results.some((r) => r.data?.messageAdded.body === 'after the rename'), 10_000, 'the message');
    expect(sub.results.find((r) => r.data?.messageAdded.body === 'after the rename')!.data!.messageAdded.conversation.title).toBe(
      'Renamed',
    );
    await close();
  });

  it("shows each sender as the feed's read found them, with no statement of the delivery's own", async () => {
    // the feed reads new messages with their senders' rows; a delivery made right after that read
    // executes `owner` from them. Watch the hand-written statements the server sends meanwhile.
    const database = app.server.database;
    const select = database.select.bind(database);
    const statements: string[] = [];
    database.select = ((statement: Parameters<typeof select>[0]) => {
      statements.push(statement.text);
      return select(statement);
    }) as typeof database.select;
    try {
      const id = await group('ana', ['bea', 'cid']);
      const doc = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { body owner { id displayName } } }';
      const { sub, close } = await subscribe('ws', 'bea', doc, { id });
      await untilLive(sub, (i) => send('ana', id, `warm ${i}`));
      type Delivery = { messageAdded: { body: string; owner: { id: string; displayName: string } } };
      const delivered = (body: string) => sub.results.map((r) => (r.data as Delivery).messageAdded).find((m) => m.body === body);

      // a sender renamed between two messages is shown renamed: no row is kept from an earlier read
      await app.data('mutation { upsertUser(input: { id: "ana", displayName: "Ana Renamed" }) { id } }', {}, { apiKey: true });
      statements.length = 0;
      await send('ana', id, 'after the rename');
      await until(() => delivered('after the rename') !== undefined, 10_000, 'the message');
      expect(delivered('after the rename')!.owner).toEqual({ id: 'ana', displayName: 'Ana Renamed' });
      expect(statements.filter((s) => s.includes('FROM users u WHERE u.id = ANY'))).toEqual([]);

      // several senders, sent at once (read in one or more reads): each message with its own sender
      statements.length = 0;
      const bodies: [string, string][] = [];
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => {
          const from = i % 2 === 0 ? 'ana' : 'cid';
          bodies.push([`together ${i}`, from]);
          return send(from, id, `together ${i}`);
        }),
      );
      await until(() => bodies.every(([body]) => delivered(body) !== undefined), 10_000, 'the messages');
      for (const [body, from] of bodies) expect(delivered(body)!.owner.id).toBe(from);
      expect(statements.filter((s) => s.includes('FROM users u WHERE u.id = ANY'))).toEqual([]);
      await close();
    } finally {
      database.select = select;
      await app.data('mutation { upsertUser(input: { id: "ana", displayName: "Ana" }) { id } }', {}, { apiKey: true });
    }
  });

  it('takes a message this server wrote as its next without reading it back, and reads one it cannot take', async () => {
    // in memory, a send hands its committed row (and its sender's) to this server's feed with the
    // announcement; over Redis the announcement comes back as JSON, without them, and is read
    const database = app.server.database;
    const select = database.select.bind(database);
    const feedReads: string[] = [];
    database.select = ((statement: Parameters<typeof select>[0]) => {
      if (statement.text.includes('LEFT JOIN users u ON u.id = m.owner_id')) feedReads.push(statement.text);
      return select(statement);
    }) as typeof database.select;
    try {
      const id = await group('ana', ['bea']);
      const doc = 'subscription ($id: ID!) { messageAdded(conversationId: $id) { seq body owner { displayName } } }';
      const { sub, close } = await subscribe('ws', 'bea', doc, { id });
      await untilLive(sub, (i) => send('ana', id, `warm ${i}`));
      type Delivery = { messageAdded: { seq: number; body: string; owner: { displayName: string } | null } };
      const delivered = () => sub.results.map((r) => (r.data as Delivery).messageAdded);
      const has = (body: string) => delivered().some((m) => m.body === body);
      /** a message by ana written straight to the database, announced to no one */
      const unannounced = async (body: string) => {
        const written = await insertMessage(database, id, { type: 'NORMAL', body, ownerId: 'ana' }, { now: new Date(), sender: 'ana' });
        if (!written || !('message' in written)) throw new Error('not written');
        return written;
      };

      feedReads.length = 0;
      const taken = await send('ana', id, 'taken as written');
      await until(() => has('taken as written'), 10_000, 'the message');
      expect(delivered().find((m) => m.body === 'taken as written')).toEqual({
        seq: taken.seq,
        body: 'taken as written',
        owner: { displayName: 'Ana' },
      });
      expect(feedReads).toHaveLength(process.env.REDIS_URL ? 1 : 0);

      // a message written without an announcement (as a crash before publishing would leave it),
      // then one sent here: the feed cannot take the second as its next, and reads both, in order
      feedReads.length = 0;
      const missed = await unannounced('never announced');
      const after = await send('ana', id, 'sent after the gap');
      await until(() => has('sent after the gap'), 10_000, 'the message after the gap');
      const tail = delivered().slice(-2);
      expect(tail.map((m) => [m.seq, m.body])).toEqual([
        [missed.message.seq, 'never announced'],
        [after.seq, 'sent after the gap'],
      ]);
      expect(feedReads.length).toBeGreaterThanOrEqual(1);

      // an announcement without the row (another instance's, over Redis) is read
      feedReads.length = 0;
      const elsewhere = await unannounced('from elsewhere');
      app.server.runtime.pubsub.publish('message:added', id, { messageId: elsewhere.message.id, seq: elsewhere.message.seq });
      await until(() => has('from elsewhere'), 10_000, 'the announced message');
      expect(feedReads).toHaveLength(1);
      expect(sub.results.filter((r) => r.errors)).toEqual([]);
      await close();
    } finally {
      database.select = select;
    }
  });

  // in memory only: over Redis the announcement comes back without the row, and is read
  it.skipIf(!!process.env.REDIS_URL)(
    'wakes its readers for a message taken as written after the send, once for those taken together',
    async () => {
      const id = await group('ana', ['bea', 'cid']);
      const wakes: { scanned: number; owners: string[] }[] = [];
      const feeds = app.server.runtime.live.feeds;
      const reader = {
        wake: (event: unknown) => {
          if (event === null) wakes.push({ scanned: feed.scanned, owners: [...(feed.ownersReadNow?.keys() ?? [])].sort() });
        },
      };
      const feed = await feeds.join(id, reader);
      try {
        const write = async (ownerId: string, body: string) => {
          const written = await insertMessage(
            app.server.database,
            id,
            { type: 'NORMAL', body, ownerId },
            { now: new Date(), sender: ownerId },
          );
          if (!written || !('message' in written)) throw new Error('not written');
          return written.written;
        };
        const first = await write('ana', 'first');
        const second = await write('cid', 'second');
        // as the outbox publishes after the commits, both within one turn of the event loop
        publishNow(app.server.runtime, (outbox) => {
          publishMessageWritten(outbox, first);
          publishMessageWritten(outbox, second);
        });
        // taken at once, in order; the readers are not woken inside the publisher
        expect(feed.recent.slice(-2).map((m) => m.body)).toEqual(['first', 'second']);
        expect(feed.scanned).toBe(second.seq);
        expect(wakes).toEqual([]);
        // nor in the microtasks that carry the send's answer on (its response is written in them)
        for (let i = 0; i < 20; i++) await Promise.resolve();
        expect(wakes).toEqual([]);
        await new Promise((resolve) => setImmediate(resolve));
        expect(wakes).toEqual([{ scanned: second.seq, owners: ['ana', 'cid'] }]);
      } finally {
        feeds.leave(feed, reader);
      }
    },
  );

  it('keeps a feed reading, and its other subscribers served, when one of them fails to take a message', async () => {
    const id = await group('ana', ['bea']);
    // a reader that throws on every wake-up, first in the feed's order
    const failing = {
      wake: () => {
        throw new Error('a failing subscriber');
      },
    };
    const feeds = app.server.runtime.live.feeds;
    const feed = await feeds.join(id, failing);
    try {
      const { sub, close } = await subscribe('ws', 'bea', Added, { id });
      await untilLive(sub, (i) => send('ana', id, `warm ${i}`));
      await send('ana', id, 'one');
      await send('ana', id, 'two');
      await until(
        () => ['one', 'two'].every((body) => sub.results.some((r) => r.data?.messageAdded.body === body)),
        10_000,
        'both messages',
      );
      await close();
    } finally {
      feeds.leave(feed, failing);
    }
  });
});

describe('watchers and presence', () => {
  /** Makes a watcherChanged subscription live: cid's plain-HTTP watch toggles until one shows. */
  async function liveWatchers<R>(sub: Collected<R>, id: string) {
    await untilLive(sub, async () => {
      await app.data('mutation ($id: ID!) { startWatching(conversationId: $id) { id } }', { id }, { as: 'cid' });
      await new Promise((r) => setTimeout(r, 30));
      await app.data('mutation ($id: ID!) { stopWatching(conversationId: $id) { id } }', { id }, { as: 'cid' });
    });
  }
  /**
   * Sweeps nothing until the test ends (the heartbeat still refreshes the live connections): a
   * watch that ends then was ended by its connection closing, not swept once it lapsed.
   */
  function withoutSweeps() {
    const presence = app.server.runtime.live.presence;
    const sweep = presence.sweepExpired;
    presence.sweepExpired = async () => undefined;
    onTestFinished(() => {
      presence.sweepExpired = sweep;
    });
  }
  const about = <R extends { watcherChanged: { user: { id: string } | null } }>(sub: Collected<R>, user: string) =>
    sub.results.map((r) => r.data!.watcherChanged).filter((e) => e.user?.id === user);

  it('ends a watch started over a socket when the socket closes, and says so then, not once it lapses', async () => {
    withoutSweeps();
    const id = await group('ana', [], { type: 'OPEN' });
    const { sub, close } = await subscribe('ws', 'ana', Watchers, { id });
    await liveWatchers(sub, id);
    const socket = wsClient(app.url, await bearer('dov'));
    // startWatching over the socket binds the watch to it
    const watch = socket.subscribe('mutation ($id: ID!) { startWatching(conversationId: $id) { watcherCount } }', { id });
    await watch.waitFor(1);
    expect(watch.results[0]!.data).toEqual({ startWatching: { watcherCount: 1 } });
    await until(() => about(sub, 'dov').length >= 1, 5_000, 'watching: true');
    expect(about(sub, 'dov')[0]).toEqual({ watching: true, watcherCount: 1, user: { id: 'dov' } });
    expect(((await app.data(Presence, { id: 'dov' }, { as: 'ana' })) as { user: { isOnline: boolean } }).user.isOnline).toBe(true);

    await socket.dispose();
    // no sweep runs: only the close can end the watch (a generous deadline for a loaded machine)
    await until(() => about(sub, 'dov').length >= 2, 15_000, 'watching: false after the close');
    expect(about(sub, 'dov')[1]).toEqual({ watching: false, watcherCount: 0, user: { id: 'dov' } });
    const presence = await app.data(Presence, { id: 'dov' }, { as: 'ana' });
    expect(presence.user).toMatchObject({ isOnline: false, lastSeenAt: expect.any(String) });
    await close();
  });

  it('ends a watch started through an SSE stream when the stream closes', async () => {
    withoutSweeps();
    const id = await group('ana', [], { type: 'OPEN' });
    const { sub, close } = await subscribe('sse', 'ana', Watchers, { id });
    await liveWatchers(sub, id);
    const stream = sseConnection(app.url, await bearer('eli'));
    const started = await stream.execute('mutation ($id: ID!) { startWatching(conversationId: $id) { watcherCount } }', { id });
    expect(started.data).toEqual({ startWatching: { watcherCount: 1 } });
    await until(() => about(sub, 'eli').length >= 1, 5_000, 'watching: true');
    stream.dispose();
    // no sweep runs: only the close can end the watch (a generous deadline for a loaded machine)
    await until(() => about(sub, 'eli').length >= 2, 15_000, 'watching: false after the close');
    expect(about(sub, 'eli')[1]).toMatchObject({ watching: false, watcherCount: 0 });
    await close();
  });

  it('lets a watch started over plain HTTP lapse, and sweeps what a crashed instance left', async () => {
    const id = await group('ana', [], { type: 'OPEN' });
    const { sub, close } = await subscribe('ws', 'ana', Watchers, { id });
    // live once one of cid's watches shows; then bea watches over plain HTTP, announced after
    // everything of cid's: once it shows, nothing else is on its way
    await liveWatchers(sub, id);
    await app.data('mutation ($id: ID!) { startWatching(conversationId: $id) { id } }', { id }, { as: 'bea' });
    await until(() => about(sub, 'bea').length >= 1, 10_000, "bea's watch");
    expect(sub.results.at(-1)!.data!.watcherChanged).toMatchObject({ watching: true, user: { id: 'bea' } });
    const seen = sub.results.length;
    // a connection of another instance that stopped refreshing it, with a watch bound to it
    await prisma.connection.create({
      data: { id: 'crashed', userId: 'cid', instanceId: 'gone', transport: 'ws', expiresAt: new Date(Date.now() - 1) },
    });
    await prisma.watcher.create({
      data: { conversationId: id, userId: 'cid', connectionId: 'crashed', expiresAt: new Date(Date.now() - 1) },
    });
    await prisma.watcher.updateMany({ where: { conversationId: id, userId: 'bea' }, data: { expiresAt: new Date(Date.now() - 1) } });
    await app.server.runtime.live.presence.sweepExpired();
    await until(() => sub.results.length >= seen + 2, 5_000, 'both watches announced as gone');
    expect(
      sub.results
        .slice(seen)
        .map((r) => r.data!.watcherChanged.user!.id)
        .sort(),
    ).toEqual(['bea', 'cid']);
    expect(sub.results.slice(seen).every((r) => r.data!.watcherChanged.watching === false)).toBe(true);
    expect(await prisma.connection.count({ where: { id: 'crashed' } })).toBe(0);
    await close();
  });

  it('sweeps thousands of lapsed connections in bounded batches, each user last seen when their latest lapsed', async () => {
    // a crashed instance with many sockets: a row-by-row sweep outlived its transaction and
    // started over at every heartbeat
    const lapsed = Date.now() - 60_000;
    // the heartbeat sweeps too: stopped, so the sweeps counted below are this test's own
    const presence = app.server.runtime.live.presence;
    presence.stop();
    onTestFinished(() => presence.start());
    await prisma.connection.createMany({
      data: Array.from({ length: 4500 }, (_, i) => ({
        id: `lost-${i}`,
        userId: ['ana', 'bea', 'cid'][i % 3]!,
        instanceId: 'crashed',
        transport: 'ws',
        expiresAt: new Date(lapsed + i),
      })),
    });
    const sweeps = async () => {
      for (let i = 0; i < 5 && (await prisma.connection.count({ where: { instanceId: 'crashed' } })) > 0; i++) {
        await app.server.runtime.live.presence.sweepExpired();
      }
    };
    // one sweep takes a bounded batch (2,000), in a short transaction; on a loaded machine a
    // connection of an earlier test may have lapsed too and share the batch
    await app.server.runtime.live.presence.sweepExpired();
    const left = await prisma.connection.count({ where: { instanceId: 'crashed' } });
    expect(left).toBeGreaterThanOrEqual(2500);
    expect(left).toBeLessThan(4500);
    await sweeps();
    expect(await prisma.connection.count({ where: { instanceId: 'crashed' } })).toBe(0);
    const users = await prisma.user.findMany({ where: { id: { in: ['ana', 'bea', 'cid'] } }, orderBy: { id: 'asc' } });
    // each user's latest lapsed connection (or a later sighting) is when they were last seen
    expect(users.map((u) => u.lastSeenAt!.getTime() >= lapsed + 4497)).toEqual([true, true, true]);
  });
});

describe('conversationEvents', () => {
  for (const transport of ['ws', 'sse'] as const) {
    it(`streams edits, recalls, pins, reactions, members, typing and settings (${transport})`, async () => {
      const id = await group('ana', ['bea'], { config: { pinMessages: true } });
      const { sub, close } = await subscribe(transport, 'bea', Events, { id });
      // live once a typing event of someone else arrives
      await untilLive(sub, () =>
        app.data('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id }, { as: 'ana' }),
      );
      const m = await send('ana', id, 'draft');
      const run = (query: string, variables: Record<string, unknown> = {}) => app.data(query, { id, m: m.id, ...variables }, { as: 'ana' });
      await run('mutation ($m: ID!) { editMessage(messageId: $m, input: { body: "final" }) { id } }');
      await run('mutation ($m: ID!) { pinMessage(messageId: $m) { id } }');
      await run('mutation ($m: ID!) { unpinMessage(messageId: $m) { id } }');
      await run('mutation ($m: ID!) { addReaction(messageId: $m, type: "like") { id } }');
      await run('mutation ($id: ID!) { addMembers(conversationId: $id, userIds: ["cid"]) { id } }');
      await run('mutation ($id: ID!) { removeMembers(conversationId: $id, userIds: ["cid"]) { id } }');
      await run('mutation ($id: ID!) { updateConversation(id: $id, input: { title: "Events" }) { id } }');
      await run('mutation ($m: [ID!]!) { deleteMessagesForEveryone(messageIds: $m) { id } }', { m: [m.id] });
      const expected = [
        'MessageEdited',
        'MessagePinned',
        'MessageUnpinned',
        'ReactionsChanged',
        'MembersAdded',
        'MembersRemoved',
        'ConversationUpdated',
        'MessageDeleted',
      ];
      await until(
        () => sub.results.filter((r) => r.data?.conversationEvents.__typename !== 'Typing').length >= expected.length,
        10_000,
        'the events',
      );
      const events = sub.results.map((r) => r.data!.conversationEvents).filter((e) => e.__typename !== 'Typing');
      expect(events.map((e) => e.__typename)).toEqual(expected);
      expect(events).toEqual([
        // messages are re-read when delivered: a slow subscriber sees their state by then
        { __typename: 'MessageEdited', message: expect.any(Object) },
        { __typename: 'MessagePinned', message: { id: m.id } },
        { __typename: 'MessageUnpinned', message: { id: m.id } },
        { __typename: 'ReactionsChanged', reactionCounts: [{ type: 'like', count: 1 }] },
        { __typename: 'MembersAdded', users: [{ id: 'cid' }], actor: { id: 'ana' } },
        { __typename: 'MembersRemoved', users: [{ id: 'cid' }] },
        { __typename: 'ConversationUpdated', conversation: { title: 'Events' } },
        { __typename: 'MessageDeleted', message: { isDeleted: true } },
      ]);
      await close();
    });
  }

  it('sends typing only while config.typingEvents, and ends it by itself', async () => {
    const id = await group('ana', ['bea']);
    const { sub, close } = await subscribe('ws', 'bea', Events, { id });
    const typing = () =>
      sub.results.map((r) => r.data!.conversationEvents).filter((e) => e.__typename === 'Typing') as { isTyping: boolean }[];
    await untilLive(
      () => typing().some((e) => e.isTyping),
      () => app.data('mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }', { id }, { as: 'ana' }),
      { watching: [sub] },
    );
    const started = typing().find((e) => e.isTyping);
    expect(started).toMatchObject({ __typename: 'Typing', isTyping: true, user: { id: 'ana' }, expiresAt: expect.any(String) });
    // no new sendTypingEvent: the server ends it after TYPING_TIMEOUT_SECONDS (1 s here), and
    // nothing else would (a deadline well past that, for a loaded machine)
    await until(() => typing().at(-1)?.isTyping === false, 10_000, 'typing to end');
    await close();
    const quiet = await group('ana', ['bea'], { config: { typingEvents: false } });
    const refused = await app.request(
      'mutation ($id: ID!) { sendTypingEvent(conversationId: $id, isTyping: true) }',
      { id: quiet },
      { as: 'ana' },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('viewerEvents', () => {
  for (const transport of ['ws', 'sse'] as const) {
    it(`keeps an inbox right: added, new messages with unread counts, read, removed (${transport})`, async () => {
      const user = `inbox${++n}`;
      await app.users(user);
      const { sub, close } = await subscribe(transport, user, Inbox);
      // live once an "added" arrives (of one of the conversations made meanwhile: the test goes on with it)
      const made: string[] = [];
      const firstAdded = () => sub.results.map((r) => r.data!.viewerEvents).find((e) => e.__typename === 'ConversationAdded');
      await untilLive(
        () => firstAdded() !== undefined,
        async () => made.push(await group('ana', [user])),
        { watching: [sub] },
      );
      const added = firstAdded();
      expect(added).toEqual({ __typename: 'ConversationAdded', conversation: { id: expect.any(String) } });
      const id = (added as { conversation: { id: string } }).conversation.id;
      expect(made).toContain(id);
      await send('ana', id, 'hello inbox');
      await send('ana', id, 'second');
      const newMessages = () =>
        sub.results
          .map((r) => r.data!.viewerEvents)
          .filter((e) => e.__typename === 'NewMessage' && e.conversation.id === id && e.message.body);
      await until(() => newMessages().length >= 2, 5_000, 'two new messages');
      const [first, second] = newMessages();
      expect(first).toMatchObject({ __typename: 'NewMessage', message: { body: 'hello inbox' }, conversation: { id } });
      expect(second).toMatchObject({ __typename: 'NewMessage', message: { body: 'second' }, unreadMessageCount: 2 });
      await app.data('mutation ($id: ID!) { markConversationRead(conversationId: $id) { id } }', { id }, { as: user });
      await until(() => sub.results.some((r) => r.data!.viewerEvents.__typename === 'UnreadCountChanged'), 5_000, 'the read');
      expect(sub.results.find((r) => r.data!.viewerEvents.__typename === 'UnreadCountChanged')!.data!.viewerEvents).toMatchObject({
        unreadMessageCount: 0,
      });
      await app.data(
        'mutation ($id: ID!, $u: [ID!]!) { removeMembers(conversationId: $id, userIds: $u) { id } }',
        { id, u: [user] },
        { as: 'ana' },
      );
      await until(() => sub.results.some((r) => r.data!.viewerEvents.__typename === 'ConversationRemoved'), 5_000, 'the removal');
      await close();
    });
  }
});
