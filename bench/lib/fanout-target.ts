// The set-up the fan-out probes share (fanout-split.ts, fanout-ab.ts): public conversations on a
// running Parley server, `subscribers` messageAdded subscribers spread over them (frames counted,
// not parsed), and a send that posts message i to conversation i % n as the bench sender.
import { createPublicConversations, graphqlRequest, token } from './env.ts';
import { messageAddedSubscription, sendMutation } from './queries.ts';
import { openSubscribers, type SubscriberPool } from './subscribers.ts';
import { sender } from '../seed.ts';

export async function fanoutTarget(
  url: string,
  options: { subscribers: number; conversations: number; label: string },
): Promise<{ pool: SubscriberPool | null; send: (i: number) => Promise<unknown> }> {
  const authorization = `Bearer ${await token(sender)}`;
  const ids = await createPublicConversations(url, authorization, options.conversations, options.label);
  const pool =
    options.subscribers > 0
      ? await openSubscribers({
          url,
          count: options.subscribers,
          conversationIds: ids,
          query: messageAddedSubscription,
          authorization: async (i) => `Bearer ${await token(`u${i}`)}`,
          sentAt: () => null,
        })
      : null;
  pool?.parse(false);
  const send = (i: number) =>
    graphqlRequest(url, sendMutation, { input: { conversationId: ids[i % ids.length], body: `${options.label}:${i}` } }, { authorization });
  return { pool, send };
}
