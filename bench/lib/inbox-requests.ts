// The inbox requests of the quick probes (probe.ts, alloc-probe.ts): the bench's inbox query as the
// user in 500 conversations, `concurrency` in flight, every answer checked.
import { token } from './env.ts';
import { inboxQuery } from './queries.ts';
import { inboxUsers } from '../seed.ts';

/** A function that sends `count` inbox requests to `url`, `concurrency` at a time; it throws on any bad answer. */
export async function inboxRequests(url: string, concurrency: number): Promise<(count: number) => Promise<void>> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await token(inboxUsers[500])}` };
  const body = JSON.stringify({ query: inboxQuery });
  return async (count) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < count) {
          const text = await (await fetch(url, { method: 'POST', headers, body })).text();
          if (!text.startsWith('{"data"') || text.includes('"errors"')) throw new Error(text.slice(0, 300));
        }
      }),
    );
  };
}
